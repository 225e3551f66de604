destroy test; start test --paused; domstate test --reason
