domiflist test; domiflist test --inactive
