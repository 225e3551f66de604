define data/dom.xml; list --all --name; list --uuid; list --all --name --uuid; list --all --id
