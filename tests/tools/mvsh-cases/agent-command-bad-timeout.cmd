qemu-agent-command test --timeout abc '{"execute":"guest-ping"}'
