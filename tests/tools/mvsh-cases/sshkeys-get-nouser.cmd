get-user-sshkeys test
