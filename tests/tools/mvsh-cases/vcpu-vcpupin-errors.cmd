vcpupin test 5 1; vcpupin test 0 1 --config; vcpupin test 0 x; vcpupin test 0 9; vcpupin test 3; vcpupin test --cpulist 1
