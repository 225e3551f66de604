list; destroy test
