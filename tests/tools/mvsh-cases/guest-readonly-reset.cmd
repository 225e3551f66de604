reset test
