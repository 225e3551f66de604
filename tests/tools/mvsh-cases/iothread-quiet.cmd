define data/iothreads.xml; iothreadinfo test; iothreadpin io 1 0; iothreadinfo io
