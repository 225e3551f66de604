screenshot test --file shot.png
