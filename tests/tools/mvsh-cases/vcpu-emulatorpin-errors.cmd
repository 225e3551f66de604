emulatorpin test ^0-7; emulatorpin test 0 --live --current; destroy test; emulatorpin test 1; emulatorpin test 1 --config; emulatorpin test
