schedinfo test --set weight=abc
