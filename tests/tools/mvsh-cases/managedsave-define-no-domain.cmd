managedsave-define nosuch data/dom.xml
