domname test
