schedinfo test --cap 3
