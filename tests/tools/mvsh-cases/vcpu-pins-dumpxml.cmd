# pins as the definitions keep them: a live vCPU pin, the emulator's live
# and persistent ones; a restart takes the persistent ones only
vcpupin test 1 4-5,2; emulatorpin test 2 --config; emulatorpin test 3 --live; dumpxml test; dumpxml --inactive test; destroy test; start test; vcpupin test; emulatorpin test; dumpxml test
