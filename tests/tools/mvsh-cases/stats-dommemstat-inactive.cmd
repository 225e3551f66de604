destroy test; dommemstat test
