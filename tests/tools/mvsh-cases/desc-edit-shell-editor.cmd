desc test --edit
desc test
