domtime test
