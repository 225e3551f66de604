create data/dom.xml; list; dominfo vm1
