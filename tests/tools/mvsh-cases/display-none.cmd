vncdisplay test; domdisplay test; domdisplay test --type rdp; ttyconsole test
