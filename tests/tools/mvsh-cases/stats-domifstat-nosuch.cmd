domifstat test eth0
