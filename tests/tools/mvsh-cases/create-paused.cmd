create data/dom.xml --paused; list
