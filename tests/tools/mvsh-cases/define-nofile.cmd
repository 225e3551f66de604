define data/nosuch.xml
