dump test f.dump --reset
