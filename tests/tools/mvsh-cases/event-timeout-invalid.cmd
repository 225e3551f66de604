event --all --timeout 0
