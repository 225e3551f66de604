# the pins of vCPUs removed from the definition go with them
define data/vcpupin.xml; vcpupin pinned; setvcpus pinned 2 --maximum --config; setvcpus pinned 3 --maximum --config; vcpupin pinned; dumpxml --inactive pinned
