# keep: the host name is the machine's; the runner puts it for @HOSTNAME@
hostname
