schedinfo test; schedinfo test --set weight=1
