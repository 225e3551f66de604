schedinfo test; schedinfo test --set weight=100; schedinfo test --weight 7; schedinfo test
