iothreadinfo test; iothreadadd test 1; iothreaddel test 1; iothreadpin test 1 0; iothreadset test 1 --poll-grow 1
