dominfo --domain=test; list --all=1
