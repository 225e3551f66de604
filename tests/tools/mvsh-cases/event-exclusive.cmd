event --all --event reboot
