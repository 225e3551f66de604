vcpupin test 1 0,2; vcpupin test; vcpupin test --vcpu 1; vcpupin test 0 " 1 , 3 "; vcpupin test 1 r; vcpupin test 0 0-1,^0; vcpupin test
