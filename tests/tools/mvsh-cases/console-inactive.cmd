destroy test; console test --safe; console nosuch
