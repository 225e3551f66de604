schedinfo test --config
