guestinfo test --os --hostname --interface
