domjobinfo test; domjobinfo test --completed; domjobinfo test --completed --keep-completed; domjobinfo test --keep-completed; domjobabort test
