qemu-agent-command test --timeout 0 '{"execute":"guest-ping"}'
