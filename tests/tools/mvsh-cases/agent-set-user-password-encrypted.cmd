set-user-password test root '$6$salt$hash' --encrypted
