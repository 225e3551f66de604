qemu-agent-command test '{"execute":"guest-ping"}'
