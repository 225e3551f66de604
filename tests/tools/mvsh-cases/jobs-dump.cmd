dump test core.dump; dump test crash.dump --crash; domstate test --reason; dump test x.dump
