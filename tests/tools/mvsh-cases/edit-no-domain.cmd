edit nosuch
