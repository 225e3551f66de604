event
