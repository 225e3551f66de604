net-undefine default; net-list --all; net-destroy default; net-list --all
