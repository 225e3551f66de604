cpu-stats test; cpu-stats test --start 1; cpu-stats test --total; cpu-stats test --count 1 --total
