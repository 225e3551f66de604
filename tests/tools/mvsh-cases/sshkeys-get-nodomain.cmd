get-user-sshkeys nosuch root
