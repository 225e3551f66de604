# keep: virsh refuses a standard input that is not a terminal ("Cannot run interactive
# console without a controlling TTY"); mvsh accepts it (docs/mvsh.md, console), then
# fails as virsh does on a terminal: the test driver has no console.
console test
