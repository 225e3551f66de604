domfsfreeze test; domfsfreeze test --mountpoint /; domfsthaw test /boot; domfsfreeze test --mountpoint / --mountpoint /boot; domfsthaw test
