managedsave test
managedsave-define test data/dom.xml --running
