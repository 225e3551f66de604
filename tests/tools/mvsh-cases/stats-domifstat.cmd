domifstat test testnet0; domifstat test aa:bb:cc:dd:ee:ff
