vol-create-as default-pool a 1M --print-xml --allocation 0 --format raw
