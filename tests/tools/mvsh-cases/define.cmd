define data/dom.xml; list --all; dominfo vm1; dumpxml vm1
