connect test:///default; uri; list --name
