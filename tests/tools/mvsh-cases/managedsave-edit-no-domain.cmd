managedsave-edit nosuch
