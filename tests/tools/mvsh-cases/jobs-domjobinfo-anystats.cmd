domjobinfo test --anystats
