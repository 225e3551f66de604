schedinfo test --set weight
