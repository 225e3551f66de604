guestinfo test
