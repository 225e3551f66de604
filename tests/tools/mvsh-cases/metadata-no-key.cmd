metadata test http://e/ --set '<a/>'
