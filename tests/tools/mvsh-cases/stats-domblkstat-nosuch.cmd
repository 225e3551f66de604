domblkstat test vdb --human
