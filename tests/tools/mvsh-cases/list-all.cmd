destroy test; list --all
