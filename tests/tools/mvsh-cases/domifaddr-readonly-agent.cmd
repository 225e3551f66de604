domifaddr test --source agent
