save test saved.img; list --all; domstate --reason test; restore saved.img; list; domstate --reason test
