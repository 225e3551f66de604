emulatorpin test 1-3; emulatorpin test; emulatorpin test --config; emulatorpin test 2 --config; emulatorpin test --config; emulatorpin test 0 --current; emulatorpin test
