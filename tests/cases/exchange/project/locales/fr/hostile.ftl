hostile-xml = <a href="x">&amp; « simple » "double"</a> & < > ]]> \ barre\oblique \n \t
hostile-braces = Accolades {"{"} et {"}"} et {"{ $name }"} en texte, et une variable { $method }.
