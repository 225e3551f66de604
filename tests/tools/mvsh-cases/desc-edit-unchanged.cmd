desc test --new-desc kept
desc test --edit
desc test --title --edit
