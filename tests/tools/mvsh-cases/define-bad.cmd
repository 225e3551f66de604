define data/net.xml
