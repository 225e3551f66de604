managedsave-define nosuch data/no-such-file.xml
