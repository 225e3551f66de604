define data/name-newline.xml
