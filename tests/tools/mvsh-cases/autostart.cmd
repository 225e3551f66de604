autostart test; dominfo test; list --autostart --name; autostart --disable test; dominfo test
