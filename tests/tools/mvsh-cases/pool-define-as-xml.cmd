pool-define-as p4 netfs --source-host h --source-path /x --target /t --print-xml
