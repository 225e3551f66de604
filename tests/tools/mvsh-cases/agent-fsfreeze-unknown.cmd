domfsfreeze test --mountpoint /boot /nope
