metadata test http://example.org/app --key app --edit
