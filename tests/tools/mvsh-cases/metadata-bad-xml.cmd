metadata test http://e/ --key k --set '<a'
