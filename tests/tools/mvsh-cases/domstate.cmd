domstate test; domstate test --reason
