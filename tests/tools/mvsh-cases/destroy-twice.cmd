destroy test; destroy test
