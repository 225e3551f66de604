define 'data/dom.xml'; dominfo "vm1"; domstate 'vm1' --reason
