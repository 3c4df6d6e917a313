; apiglot's highlight query for Kotlin (tree-sitter-kotlin-ng ships none): the captures the
; stylesheet colours, for what a request sample holds.
(line_comment) @comment
(block_comment) @comment
(string_literal) @string
(multiline_string_literal) @string
(character_literal) @string
(escape_sequence) @escape
(interpolation) @string.special
(number_literal) @number
(float_literal) @number
(annotation) @attribute
(call_expression (identifier) @function)
(call_expression (navigation_expression (identifier) @function.method .))
(function_declaration (identifier) @function)
(user_type (identifier) @type)
[
  "as" "by" "catch" "class" "companion" "const" "data" "do" "else" "enum" "finally" "for"
  "fun" "if" "import" "in" "interface" "internal" "is" "object" "override" "package"
  "private" "public" "return" "suspend" "throw" "try" "val" "var" "when" "while"
] @keyword
