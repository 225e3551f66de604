define data/devices.xml; vncdisplay devs; domdisplay devs; console devs
