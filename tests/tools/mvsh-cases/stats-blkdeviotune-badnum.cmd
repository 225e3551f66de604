blkdeviotune test vda --total-iops-sec abc
