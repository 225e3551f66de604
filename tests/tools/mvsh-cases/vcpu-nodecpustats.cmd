nodecpustats; nodecpustats --cpu 1; nodecpustats --percent; nodecpustats --cpu x
