dump test c.dump --memory-only
