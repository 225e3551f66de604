setvcpus test x
