## Text that XML, PO or Fluent would read otherwise if written as it is.

hostile-xml = <a href="x">&amp; 'single' "double"</a> & < > ]]> \ back\slash \n \t
hostile-braces = Braces {"{"} and {"}"} and {"{ $name }"} as text, and a { $method } variable.
hostile-lines = First line

    {"   "}indented after a blank line
    {"["}bracket at a line start
    {"*"}star at a line start
    {"."}dot at a line start, and a backslash: {"\\"}
hostile-chars = Tab	here, bidi ‏עברית‎ and ‮override‬, 日本語, é, 👩‍💻, a control {"\u0001"} and a BEL {"\u0007"}.
hostile-ends = {"  "}spaces at both ends{"  "}
