dommemstat test; dommemstat test --period 3; blkdeviotune test vda --total-iops-sec 5
