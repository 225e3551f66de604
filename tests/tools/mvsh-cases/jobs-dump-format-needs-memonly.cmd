dump test a.dump --format kdump-zlib
