managedsave test --verbose --bypass-cache --paused; domstate test --reason; managedsave-remove test; managedsave-remove test; list --all --without-managed-save
