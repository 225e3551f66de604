dommemstat test --period 5 --live --current
