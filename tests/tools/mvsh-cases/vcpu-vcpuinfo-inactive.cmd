destroy test; vcpuinfo test; vcpuinfo test --pretty; vcpupin test 0 1 --config
