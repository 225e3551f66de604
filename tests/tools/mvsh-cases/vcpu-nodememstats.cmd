nodememstats; nodememstats --cell 0; nodememstats --cell x
