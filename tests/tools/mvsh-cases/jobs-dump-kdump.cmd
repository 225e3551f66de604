dump test e.dump --memory-only --format kdump-zlib
