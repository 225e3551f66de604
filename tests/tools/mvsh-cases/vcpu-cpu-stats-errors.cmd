cpu-stats test --start 5; cpu-stats test --start -1; cpu-stats test --count -1; cpu-stats test --start x; destroy test; cpu-stats test
