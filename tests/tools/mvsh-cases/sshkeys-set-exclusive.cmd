set-user-sshkeys nosuch root --reset --remove --file data/sshkeys
