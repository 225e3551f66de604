managedsave test --running --paused
