event --list
