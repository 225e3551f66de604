vol-info nosuch
