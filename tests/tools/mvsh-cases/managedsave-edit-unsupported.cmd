managedsave test
managedsave-edit test
