set-user-sshkeys test root
