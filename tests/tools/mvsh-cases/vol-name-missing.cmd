vol-name a
