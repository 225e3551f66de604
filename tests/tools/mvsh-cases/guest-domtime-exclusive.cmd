domtime test --time 5 --now
