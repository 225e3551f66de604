domhostname test --source bad
