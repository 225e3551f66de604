create data/domifaddr-nics.xml; domifaddr nics --full; destroy test; start test; domifaddr test
