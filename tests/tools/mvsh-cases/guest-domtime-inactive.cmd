destroy test; domtime test
