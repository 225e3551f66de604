desc test --live --config
