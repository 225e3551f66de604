reboot test; shutdown test; domstate --reason test; reboot test
