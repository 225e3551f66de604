set-user-password test root
