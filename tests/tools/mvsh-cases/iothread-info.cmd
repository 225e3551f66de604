define data/iothreads.xml; iothreadinfo io; iothreadinfo io --config; iothreadinfo io --live; iothreadinfo io --live --current; iothreadinfo test; iothreadinfo nosuch
