create data/dom.xml; list --transient; list --persistent --name
