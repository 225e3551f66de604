destroy test; list --inactive; list --inactive --name
