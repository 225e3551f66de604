managedsave-edit test --running --paused
