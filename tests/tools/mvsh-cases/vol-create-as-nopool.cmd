vol-create-as nosuch a 1M
