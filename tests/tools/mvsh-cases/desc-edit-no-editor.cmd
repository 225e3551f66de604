desc test --edit
