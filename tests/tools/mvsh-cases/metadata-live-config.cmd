metadata test http://e/ --live --config
