managedsave test
dominfo test
