destroy test; vcpupin test; vcpupin test --live; vcpupin test 0 1
