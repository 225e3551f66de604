domblkerror test; create data/devices.xml; domblkerror devs; destroy test; domblkerror test; domblkerror nosuch
