# A string literal whose \u escape is cut short by a non-ASCII character.
escape-note = Voir { "\ué" }
