dommemstat test --period 10; dommemstat test
