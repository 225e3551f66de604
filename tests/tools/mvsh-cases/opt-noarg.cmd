vol-info x --pool
