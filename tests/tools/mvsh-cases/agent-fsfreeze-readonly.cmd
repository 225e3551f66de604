domfsfreeze test
