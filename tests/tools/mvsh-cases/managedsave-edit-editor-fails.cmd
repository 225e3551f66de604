managedsave-edit test
