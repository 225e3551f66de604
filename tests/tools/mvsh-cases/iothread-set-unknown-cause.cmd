define data/iothreads.xml; iothreadset io 1 --poll-grow 1
