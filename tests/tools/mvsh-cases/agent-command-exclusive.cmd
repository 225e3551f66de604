qemu-agent-command test --block --async '{"execute":"guest-ping"}'
