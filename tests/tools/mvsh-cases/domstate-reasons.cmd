destroy test; domstate --reason test; start test; domstate --reason test; suspend test; domstate --reason test; resume test; domstate test --reason
