domifaddr test; domifaddr test --full --source agent; domifaddr test --source arp --interface testnet0; domifaddr test --interface nope
