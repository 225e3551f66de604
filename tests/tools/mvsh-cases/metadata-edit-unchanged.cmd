metadata test http://example.org/app --key app --set <app/>
metadata test http://example.org/app --key app --edit
metadata test http://example.org/app --key app --edit --config
