managedsave test; managedsave-remove test
