destroy test; set-user-password test root pw
