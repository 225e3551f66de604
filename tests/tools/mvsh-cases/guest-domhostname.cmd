domhostname test; domhostname test --source lease
