# A JSON example in prose: its braces are read as placeables.
literal-brace-note = Send a body such as {"a": 1} to try it.
