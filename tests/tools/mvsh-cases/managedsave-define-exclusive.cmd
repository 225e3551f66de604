managedsave-define test data/dom.xml --running --paused
