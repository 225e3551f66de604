domtime test; domtime test --pretty; domtime test --time 1000; domtime test; domtime test --pretty; domtime test --sync; domtime test; domtime test --time -5; domtime test
