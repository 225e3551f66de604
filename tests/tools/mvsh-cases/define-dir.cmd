define data
