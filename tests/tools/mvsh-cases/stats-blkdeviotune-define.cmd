define data/iotune.xml; dumpxml throttled; blkdeviotune throttled vda
