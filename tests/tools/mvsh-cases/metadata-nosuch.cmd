metadata nosuch http://e/
