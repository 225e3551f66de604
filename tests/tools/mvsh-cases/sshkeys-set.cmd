set-user-sshkeys test root --file data/sshkeys
