create data/display-any.xml; vncdisplay anyvnc; domdisplay anyvnc --all; domdisplay anyvnc
