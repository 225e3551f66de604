create data/devices.xml; vncdisplay devs; domdisplay devs; domdisplay devs --all; domdisplay --include-password devs --type vnc; domdisplay devs --type spice; ttyconsole devs
