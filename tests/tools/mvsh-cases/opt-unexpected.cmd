dominfo a b
