pool-define-as p2 dir --target /p2; pool-list --all; pool-start p2; pool-list --details; vol-list p2
