vcpupin test 0 1
