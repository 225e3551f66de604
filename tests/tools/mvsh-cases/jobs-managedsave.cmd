managedsave test; list --all --managed-save; dominfo test; start test; list --all --with-managed-save; domstate test --reason
