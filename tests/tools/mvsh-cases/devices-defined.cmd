define data/devices.xml; domblklist devs --details; domblklist devs; domiflist devs; domiflist devs --inactive
