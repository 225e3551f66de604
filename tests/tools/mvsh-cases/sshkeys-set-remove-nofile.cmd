set-user-sshkeys nosuch root --reset --remove
