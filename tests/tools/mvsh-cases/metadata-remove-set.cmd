metadata test http://e/ --remove --set '<a/>'
