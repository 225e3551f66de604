reset test; destroy test; reset test
