metadata test http://e/ --current --live
