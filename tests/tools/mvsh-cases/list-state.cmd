define data/dom.xml; suspend test; list --state-paused; list --all --state-shutoff; list --state-running
