dominfo --domain test --domain test
