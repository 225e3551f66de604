desc test --edit start words
desc test
