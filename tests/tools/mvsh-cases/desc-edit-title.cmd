desc test --title --edit
desc test --title
desc test --title --edit
