set-user-password test root pw
