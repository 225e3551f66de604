set-user-sshkeys nosuch root
