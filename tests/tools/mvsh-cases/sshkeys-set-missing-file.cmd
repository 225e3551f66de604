set-user-sshkeys test root --reset --file data/nosuch-keys
