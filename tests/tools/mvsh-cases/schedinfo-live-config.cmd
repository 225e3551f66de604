schedinfo test --live --config
