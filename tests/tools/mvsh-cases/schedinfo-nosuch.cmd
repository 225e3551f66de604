schedinfo nosuch
