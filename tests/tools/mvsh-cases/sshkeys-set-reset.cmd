set-user-sshkeys test root --reset
