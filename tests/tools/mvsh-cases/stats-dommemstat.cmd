dommemstat test
