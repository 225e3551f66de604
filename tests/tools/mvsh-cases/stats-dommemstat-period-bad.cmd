dommemstat test --period -1
