create data/dom.xml
desc vm1 --config --edit
