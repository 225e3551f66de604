event --domain nosuch --all
