pool-define-as p3 dir
