domtime test --time 12x
