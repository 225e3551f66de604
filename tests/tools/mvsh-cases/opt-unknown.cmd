dominfo --foo test
