define data/dom.xml; undefine vm1; list --all
