metadata test http://example.org/app --edit
