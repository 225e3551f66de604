save test saved.img --verbose; restore saved.img
