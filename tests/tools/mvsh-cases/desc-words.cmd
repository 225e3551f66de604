desc test hello   world
desc test
desc test --new-desc a b c
desc test --title My title words
desc test --title
