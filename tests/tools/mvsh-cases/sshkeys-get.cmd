get-user-sshkeys test root
