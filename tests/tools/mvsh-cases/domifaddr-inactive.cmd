destroy test; domifaddr test
