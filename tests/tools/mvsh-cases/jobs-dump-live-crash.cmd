dump test d.dump --live --crash
