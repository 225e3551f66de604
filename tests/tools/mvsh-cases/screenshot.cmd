screenshot test --file shot.png; screenshot test shot2.png --screen 1; destroy test; screenshot test --file shot3.png; screenshot nosuch x.png; screenshot test --screen abc
