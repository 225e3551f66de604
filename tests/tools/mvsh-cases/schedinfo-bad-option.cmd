schedinfo test --set foo=1
