domblklist test; domblklist test --details; domblklist --inactive 1
