nodeinfo; uri
