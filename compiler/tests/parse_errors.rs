//! Syntax errors: CPython 3.11.7's exception class, message and position.
//!
//! The table below is the output of
//! `python3 tests/fixtures/parse/errors_gen.py` (which runs
//! `compile(src, "<t>", "exec")` on CPython 3.11.7 and prints `type(e).__name__,
//! e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset`).
//!
//! Our columns are 0-based (`col = offset - 1`). Where CPython gives no end
//! (`end_offset` 0 or -1, as for tokenizer errors), our error ends where it
//! starts.

use py_fn_compiler::parser::parse_module;
use py_fn_compiler::ErrorKind;

/// `(source, class, msg, lineno, offset, end_lineno, end_offset)` from CPython.
#[rustfmt::skip]
const CASES: &[(&str, &str, &str, u32, u32, u32, i32)] = &[
    ("x = = 1\n", "SyntaxError", "invalid syntax", 1, 5, 1, 6),
    ("  x = 1\n", "IndentationError", "unexpected indent", 1, 2, 1, -1),
    ("\tx\n", "IndentationError", "unexpected indent", 1, 1, 1, -1),
    ("return\n  x\n", "IndentationError", "unexpected indent", 2, 2, 2, -1),
    ("if x:\n  a\n    b = 3 + 4\n", "IndentationError", "unexpected indent", 3, 4, 3, -1),
    ("def f():\nreturn 1\n", "IndentationError", "expected an indented block after function definition on line 1", 2, 1, 2, 7),
    ("if x:\npass\n", "IndentationError", "expected an indented block after 'if' statement on line 1", 2, 1, 2, 5),
    ("if x:\n  pass\nelif y:\npass\n", "IndentationError", "expected an indented block after 'elif' statement on line 3", 4, 1, 4, 5),
    ("if x:\n  pass\nelse:\npass\n", "IndentationError", "expected an indented block after 'else' statement on line 3", 4, 1, 4, 5),
    ("for x in y:\npass\n", "IndentationError", "expected an indented block after 'for' statement on line 1", 2, 1, 2, 5),
    ("for x in y:\n  pass\nelse:\nbreak\n", "IndentationError", "expected an indented block after 'else' statement on line 3", 4, 1, 4, 6),
    ("while x:\npass\n", "IndentationError", "expected an indented block after 'while' statement on line 1", 2, 1, 2, 5),
    ("try:\npass\n", "IndentationError", "expected an indented block after 'try' statement on line 1", 2, 1, 2, 5),
    ("try:\n  pass\nexcept E:\npass\n", "IndentationError", "expected an indented block after 'except' statement on line 3", 4, 1, 4, 5),
    ("try:\n  pass\nexcept:\npass\n", "IndentationError", "expected an indented block after 'except' statement on line 3", 4, 1, 4, 5),
    ("try:\n  pass\nfinally:\npass\n", "IndentationError", "expected an indented block after 'finally' statement on line 3", 4, 1, 4, 5),
    ("class C:\npass\n", "IndentationError", "expected an indented block after class definition on line 1", 2, 1, 2, 5),
    ("def f():\n  def g():\n  return 1\n", "IndentationError", "expected an indented block after function definition on line 2", 3, 3, 3, 9),
    ("if x:\n    a\n  b\n", "IndentationError", "unindent does not match any outer indentation level", 3, 4, 3, -1),
    ("if x:\n        a\n  b\n", "IndentationError", "unindent does not match any outer indentation level", 3, 4, 3, -1),
    ("if x:\n    a\n  b = 1\n", "IndentationError", "unindent does not match any outer indentation level", 3, 8, 3, -1),
    ("if x:\n  if y:\n      a\n    b\n", "IndentationError", "unindent does not match any outer indentation level", 4, 6, 4, -1),
    ("if x:\n\ta\n    b\n", "IndentationError", "unindent does not match any outer indentation level", 3, 6, 3, -1),
    ("def f(x):\n\tif x:\n        return 1\n\treturn 2\n", "TabError", "inconsistent use of tabs and spaces in indentation", 3, 1, 3, 0),
    ("def f(x):\n        if x:\n\treturn 1\n", "TabError", "inconsistent use of tabs and spaces in indentation", 3, 1, 3, 0),
    ("if x:\n    a\n\tb\n", "TabError", "inconsistent use of tabs and spaces in indentation", 3, 1, 3, 0),
    ("f(1, 2\n", "SyntaxError", "'(' was never closed", 1, 2, 1, 0),
    ("x = (1,\ny = 2\n", "SyntaxError", "'(' was never closed", 1, 5, 1, 0),
    ("x = [1, 2\ny = 3\n", "SyntaxError", "'[' was never closed", 1, 5, 1, 0),
    ("x = [1, (2\n", "SyntaxError", "'(' was never closed", 1, 9, 1, 0),
    ("foo(\n  1,\n  2\n", "SyntaxError", "'(' was never closed", 1, 4, 1, 0),
    ("x = {1: 2,\n", "SyntaxError", "'{' was never closed", 1, 5, 1, 0),
    ("x = 1)\n", "SyntaxError", "unmatched ')'", 1, 6, 1, 6),
    ("x = )\n", "SyntaxError", "unmatched ')'", 1, 5, 1, 5),
    ("x = (\n)\n]\n", "SyntaxError", "unmatched ']'", 3, 1, 3, 1),
    ("x = (1]\n", "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '('", 1, 7, 1, 7),
    ("x = (1,\n 2]\n", "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 3, 2, 3),
    ("x = 'abc\n", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5, 1, 5),
    ("x = \"abc\ny\"\n", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5, 1, 5),
    ("x = 'ab\\\ncd\n", "SyntaxError", "unterminated string literal (detected at line 2)", 1, 5, 1, 5),
    ("x = '''abc\n\n", "SyntaxError", "unterminated triple-quoted string literal (detected at line 2)", 1, 5, 1, 5),
    ("x = \"\"\"abc\n", "SyntaxError", "unterminated triple-quoted string literal (detected at line 1)", 1, 5, 1, 5),
    ("x = 1abc\n", "SyntaxError", "invalid decimal literal", 1, 5, 1, 5),
    ("x = 12abc\n", "SyntaxError", "invalid decimal literal", 1, 6, 1, 6),
    ("x = 1.5abc\n", "SyntaxError", "invalid decimal literal", 1, 7, 1, 7),
    ("x = 0x\n", "SyntaxError", "invalid hexadecimal literal", 1, 6, 1, 6),
    ("x = 0x1g\n", "SyntaxError", "invalid hexadecimal literal", 1, 7, 1, 7),
    ("x = 0b12\n", "SyntaxError", "invalid digit '2' in binary literal", 1, 8, 1, 8),
    ("x = 0o8\n", "SyntaxError", "invalid digit '8' in octal literal", 1, 7, 1, 7),
    ("x = 0b\n", "SyntaxError", "invalid binary literal", 1, 6, 1, 6),
    ("x = 1_\n", "SyntaxError", "invalid decimal literal", 1, 6, 1, 6),
    ("x = 1__0\n", "SyntaxError", "invalid decimal literal", 1, 6, 1, 6),
    ("x = 1.5_\n", "SyntaxError", "invalid decimal literal", 1, 8, 1, 8),
    ("x = 1e\n", "SyntaxError", "invalid decimal literal", 1, 5, 1, 5),
    ("x = 1e5x\n", "SyntaxError", "invalid decimal literal", 1, 7, 1, 7),
    ("x = 1jx\n", "SyntaxError", "invalid imaginary literal", 1, 6, 1, 6),
    ("x = 09\n", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5, 1, 6),
    ("x = 0_7\n", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5, 1, 7),
    ("x = $\n", "SyntaxError", "invalid syntax", 1, 5, 1, 6),
    ("x = a ? b\n", "SyntaxError", "invalid syntax", 1, 7, 1, 8),
    ("1 = x\n", "SyntaxError", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 1, 1, 2),
    ("f() = 1\n", "SyntaxError", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1, 1, 4),
    ("a + 1 = 2\n", "SyntaxError", "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1, 1, 6),
    ("a, 1 = 2\n", "SyntaxError", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 4, 1, 5),
    ("(1) = 2\n", "SyntaxError", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 2, 1, 3),
    ("(a, 1) = 2\n", "SyntaxError", "cannot assign to literal", 1, 5, 1, 6),
    ("x = 1 = 2\n", "SyntaxError", "cannot assign to literal", 1, 5, 1, 6),
    ("f() = g() = 1\n", "SyntaxError", "cannot assign to function call", 1, 1, 1, 4),
    ("[a, f()] = 1\n", "SyntaxError", "cannot assign to function call", 1, 5, 1, 8),
    ("[a for a in b] = 1\n", "SyntaxError", "cannot assign to list comprehension here. Maybe you meant '==' instead of '='?", 1, 1, 1, 15),
    ("True = 1\n", "SyntaxError", "cannot assign to True", 1, 1, 1, 5),
    ("None = 1\n", "SyntaxError", "cannot assign to None", 1, 1, 1, 5),
    ("x = yield = 1\n", "SyntaxError", "assignment to yield expression not possible", 1, 5, 1, 10),
    ("lambda: 1 = 2\n", "SyntaxError", "cannot assign to lambda", 1, 1, 1, 10),
    ("f() += 1\n", "SyntaxError", "'function call' is an illegal expression for augmented assignment", 1, 1, 1, 4),
    ("(a, b) += 1\n", "SyntaxError", "'tuple' is an illegal expression for augmented assignment", 1, 1, 1, 7),
    ("None += 1\n", "SyntaxError", "'None' is an illegal expression for augmented assignment", 1, 1, 1, 5),
    ("a, b: int\n", "SyntaxError", "only single target (not tuple) can be annotated", 1, 1, 1, 2),
    ("f(): int\n", "SyntaxError", "illegal target for annotation", 1, 1, 1, 4),
    ("del f()\n", "SyntaxError", "cannot delete function call", 1, 5, 1, 8),
    ("del a + 1\n", "SyntaxError", "cannot delete expression", 1, 5, 1, 10),
    ("del (a, 1)\n", "SyntaxError", "cannot delete literal", 1, 9, 1, 10),
    ("for 1 in x: pass\n", "SyntaxError", "cannot assign to literal", 1, 5, 1, 6),
    ("for a() in b: pass\n", "SyntaxError", "cannot assign to function call", 1, 5, 1, 8),
    ("[x for 1 in y]\n", "SyntaxError", "cannot assign to literal", 1, 8, 1, 9),
    ("(1 := 2)\n", "SyntaxError", "cannot use assignment expressions with literal", 1, 2, 1, 3),
    ("(a.b := 2)\n", "SyntaxError", "cannot use assignment expressions with attribute", 1, 2, 1, 5),
    ("x = [a b]\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 6, 1, 9),
    ("f(a b)\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 3, 1, 6),
    ("x = (1 2)\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 6, 1, 9),
    ("x = {a: b c}\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 9, 1, 12),
    ("if x\n  pass\n", "SyntaxError", "expected ':'", 1, 5, 1, 5),
    ("while x\n  pass\n", "SyntaxError", "expected ':'", 1, 8, 1, 8),
    ("def f() x:\n pass\n", "SyntaxError", "expected ':'", 1, 9, 1, 10),
    ("try x:\n pass\n", "SyntaxError", "expected ':'", 1, 5, 1, 6),
    ("class C x:\n pass\n", "SyntaxError", "invalid syntax", 1, 9, 1, 10),
    ("for x in y z:\n pass\n", "SyntaxError", "invalid syntax", 1, 12, 1, 13),
    ("if x y:\n pass\n", "SyntaxError", "invalid syntax", 1, 6, 1, 7),
    ("def f(a=1, b):\n  pass\n", "SyntaxError", "non-default argument follows default argument", 1, 12, 1, 13),
    ("lambda x=1, y: x\n", "SyntaxError", "non-default argument follows default argument", 1, 13, 1, 14),
    ("def f(*): pass\n", "SyntaxError", "named arguments must follow bare *", 1, 7, 1, 8),
    ("def f(*, **k): pass\n", "SyntaxError", "named arguments must follow bare *", 1, 7, 1, 8),
    ("def f(**k, a): pass\n", "SyntaxError", "arguments cannot follow var-keyword argument", 1, 12, 1, 13),
    ("def f(/, a): pass\n", "SyntaxError", "at least one argument must precede /", 1, 7, 1, 8),
    ("def f(a, /, b, /): pass\n", "SyntaxError", "/ may appear only once", 1, 16, 1, 17),
    ("def f(*a, *b): pass\n", "SyntaxError", "* argument may appear only once", 1, 11, 1, 12),
    ("def f(*a=1): pass\n", "SyntaxError", "var-positional argument cannot have default value", 1, 9, 1, 10),
    ("def f(**a=1): pass\n", "SyntaxError", "var-keyword argument cannot have default value", 1, 10, 1, 11),
    ("def f(:\n", "SyntaxError", "invalid syntax", 1, 7, 1, 8),
    ("f(**a, *b)\n", "SyntaxError", "iterable argument unpacking follows keyword argument unpacking", 1, 8, 1, 9),
    ("f(a=1, b)\n", "SyntaxError", "positional argument follows keyword argument", 1, 9, 1, 10),
    ("f(**a, b)\n", "SyntaxError", "positional argument follows keyword argument unpacking", 1, 9, 1, 10),
    ("f(x for x in y, 1)\n", "SyntaxError", "Generator expression must be parenthesized", 1, 3, 1, 15),
    ("x = 1 if y\n", "SyntaxError", "expected 'else' after 'if' expression", 1, 5, 1, 11),
    ("a = 1 +\n", "SyntaxError", "invalid syntax", 1, 8, 1, 8),
    ("x += 1, = 2\n", "SyntaxError", "invalid syntax", 1, 9, 1, 10),
    ("import\n", "SyntaxError", "invalid syntax", 1, 7, 1, 7),
    ("else: pass\n", "SyntaxError", "invalid syntax", 1, 1, 1, 5),
    ("x = \\\n\n", "SyntaxError", "invalid syntax", 2, 1, 2, 1),
    ("x = 1 \\ 2\n", "SyntaxError", "unexpected character after line continuation character", 1, 8, 1, 0),
    ("x = 1\n\\", "SyntaxError", "unexpected EOF while parsing", 2, 2, 2, -1),
    ("'\\N{NOSUCHNAME}'\n", "SyntaxError", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-13: unknown Unicode character name", 1, 17, 1, 17),
    ("x = '\\N{DASH}'\n", "SyntaxError", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-7: unknown Unicode character name", 1, 15, 1, 15),
    ("'\\x1'\n", "SyntaxError", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape", 1, 6, 1, 6),
    ("x = '\\u12'\n", "SyntaxError", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape", 1, 11, 1, 11),
    ("b'\\u1234' + b'é'\n", "SyntaxError", "bytes can only contain ASCII literal characters", 1, 13, 1, 17),
    ("x = b'a' 'b'\n", "SyntaxError", "cannot mix bytes and nonbytes literals", 1, 13, 1, 13),
    ("f'{'\n", "SyntaxError", "f-string: expecting '}'", 1, 5, 1, 5),
    ("f'{}'\n", "SyntaxError", "f-string: empty expression not allowed", 1, 6, 1, 6),
    ("f'}'\n", "SyntaxError", "f-string: single '}' is not allowed", 1, 5, 1, 5),
    ("f'{a!x}'\n", "SyntaxError", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 9, 1, 9),
    ("f'{a!}'\n", "SyntaxError", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 8, 1, 8),
    ("f'{a#}'\n", "SyntaxError", "f-string expression part cannot include '#'", 1, 8, 1, 8),
    ("f'{a:{b:{c}}}'\n", "SyntaxError", "f-string: expressions nested too deeply", 1, 15, 1, 15),
    ("f'{a b}'\n", "SyntaxError", "f-string: invalid syntax. Perhaps you forgot a comma?", 1, 2, 1, 5),
    ("f'{)}'\n", "SyntaxError", "f-string: unmatched ')'", 1, 7, 1, 7),
    ("f'{a'\n", "SyntaxError", "f-string: expecting '}'", 1, 6, 1, 6),
    ("x = 1.é\n", "SyntaxError", "invalid syntax", 1, 7, 1, 8),
    ("x = [1é]\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 6, 1, 8),
    ("[1 aand 2]\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 2, 1, 8),
    ("[c d]\n", "SyntaxError", "invalid syntax", 1, 4, 1, 5),
    ("[ma d]\n", "SyntaxError", "invalid syntax", 1, 5, 1, 6),
    ("[cx d]\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 2, 1, 6),
    ("[_ d]\n", "SyntaxError", "invalid syntax", 1, 4, 1, 5),
    ("print(c amp(50, low=10))\n", "SyntaxError", "invalid syntax", 1, 9, 1, 12),
    ("f(a=1, -**i)\n", "SyntaxError", "invalid syntax", 1, 8, 1, 9),
    ("def f(a,/ *b): pass\n", "SyntaxError", "expected comma between / and *", 1, 11, 1, 12),
    ("print(T\nue + True)\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 7, 2, 8),
    ("[*a for a in b]\n", "SyntaxError", "iterable unpacking cannot be used in comprehension", 1, 2, 1, 4),
    ("{*a for a in b}\n", "SyntaxError", "iterable unpacking cannot be used in comprehension", 1, 2, 1, 4),
    ("(*a for a in b)\n", "SyntaxError", "iterable unpacking cannot be used in comprehension", 1, 2, 1, 4),
    ("f(*a for a in b)\n", "SyntaxError", "iterable unpacking cannot be used in comprehension", 1, 3, 1, 5),
    ("{**a for a in b}\n", "SyntaxError", "dict unpacking cannot be used in dict comprehension", 1, 2, 1, 4),
    ("{**a: 1 for a in b}\n", "SyntaxError", "invalid syntax", 1, 5, 1, 6),
    ("[a not b]\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 2, 1, 9),
    ("[*a, b for a in c]\n", "SyntaxError", "did you forget parentheses around the comprehension target?", 1, 2, 1, 7),
    ("for ****a in b: pass\n", "SyntaxError", "invalid syntax", 1, 5, 1, 7),
    ("print 'x'\n", "SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1, 1, 10),
    ("print x, y\n", "SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1, 1, 11),
    ("exec \"a\"\n", "SyntaxError", "Missing parentheses in call to 'exec'. Did you mean exec(...)?", 1, 1, 1, 9),
    ("if x:\n  print x\n", "SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?", 2, 3, 2, 10),
    ("@3\n", "SyntaxError", "invalid syntax", 1, 0, 1, 0),
    ("if x:", "IndentationError", "expected an indented block after 'if' statement on line 1", 1, 6, 1, -1),
    ("x = 1\u{0}", "SyntaxError", "source code string cannot contain null bytes", 1, 1, 1, -1),
    ("x = (1\r\n", "SyntaxError", "'(' was never closed", 1, 5, 1, 0),
    ("a = 1\r\nb = = 2\r\n", "SyntaxError", "invalid syntax", 2, 5, 2, 6),
    ("f(a.b=1)\n", "SyntaxError", "expression cannot contain assignment, perhaps you meant \"==\"?", 1, 3, 1, 7),
    ("f(True=1)\n", "SyntaxError", "cannot assign to True", 1, 3, 1, 8),
    ("f(a, b+1=2)\n", "SyntaxError", "expression cannot contain assignment, perhaps you meant \"==\"?", 1, 6, 1, 10),
    ("f(x for x in y=1)\n", "SyntaxError", "invalid syntax", 1, 15, 1, 16),
    ("class C(a.b=1): pass\n", "SyntaxError", "expression cannot contain assignment, perhaps you meant \"==\"?", 1, 9, 1, 13),
    ("f(**a=1)\n", "SyntaxError", "invalid syntax", 1, 6, 1, 7),
    ("f(g(h(a.b=1)))\n", "SyntaxError", "expression cannot contain assignment, perhaps you meant \"==\"?", 1, 7, 1, 11),
    ("x = {'a': 1, 'b'; 2}\n", "SyntaxError", "':' expected after dictionary key", 1, 16, 1, 0),
    ("x = {1: }\n", "SyntaxError", "expression expected after dictionary key and ':'", 1, 7, 1, 8),
    ("[a, b for a in c]\n", "SyntaxError", "did you forget parentheses around the comprehension target?", 1, 2, 1, 6),
    ("def f(/): pass\n", "SyntaxError", "invalid syntax", 1, 7, 1, 8),
    ("def f(a, /b): pass\n", "SyntaxError", "invalid syntax", 1, 11, 1, 12),
    ("def f(a=, b=1): pass\n", "SyntaxError", "expected default value expression", 1, 8, 1, 9),
    ("def f(a, /, b=1, c): pass\n", "SyntaxError", "invalid syntax", 1, 19, 1, 20),
    ("def f(a=1, /, c): pass\n", "SyntaxError", "non-default argument follows default argument", 1, 15, 1, 16),
    ("f'{=w}'\n", "SyntaxError", "f-string: expression required before '='", 1, 8, 1, 8),
    ("f'{!r}'\n", "SyntaxError", "f-string: expression required before '!'", 1, 8, 1, 8),
    ("f'{ }'\n", "SyntaxError", "f-string: empty expression not allowed", 1, 7, 1, 7),
    ("f'{f\"{a\"}'\n", "SyntaxError", "f-string: f-string: expecting '}'", 1, 7, 1, 8),
    ("if #c\n", "SyntaxError", "invalid syntax", 1, 4, 1, 6),
    ("def f#c\n", "SyntaxError", "expected '('", 1, 6, 1, 8),
    ("x = 1 + #c\n", "SyntaxError", "invalid syntax", 1, 9, 1, 11),
    ("class A:\n    x = 1\n  \\  y = 2\n", "SyntaxError", "unexpected character after line continuation character", 3, 4, 3, 0),
    ("if 1:\n    x = 1\n  \\\ny = 2\n", "IndentationError", "unindent does not match any outer indentation level", 4, 6, 4, -1),
    ("x = 1\n\\", "SyntaxError", "unexpected EOF while parsing", 2, 2, 2, -1),
    ("while n <> 1: pass\n", "SyntaxError", "invalid syntax", 1, 9, 1, 11),
    ("x = 7orig\n", "SyntaxError", "invalid decimal literal", 1, 5, 1, 5),
    ("i = 0<found = []\n", "SyntaxError", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 1, 1, 6),
    ("a, b x= b, a + b\n", "SyntaxError", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 6, 1, 10),
    ("t = 1 s\n", "SyntaxError", "invalid syntax", 1, 7, 1, 8),
    ("for i+ in x: pass\n", "SyntaxError", "invalid syntax", 1, 6, 1, 7),
    ("[i for i+ in x]\n", "SyntaxError", "invalid syntax", 1, 9, 1, 10),
    ("[a for b c in d]\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 8, 1, 16),
    ("except\n", "SyntaxError", "invalid syntax", 1, 1, 1, 7),
    ("try:\n  pass\nexcept\n", "SyntaxError", "expected ':'", 3, 7, 3, 7),
    ("sum(w for w in x y)\n", "SyntaxError", "invalid syntax", 1, 18, 1, 19),
    ("f(1, x for x in y)\n", "SyntaxError", "Generator expression must be parenthesized", 1, 6, 1, 18),
    ("f'{a +}'\n", "SyntaxError", "f-string: invalid syntax", 1, 5, 1, 6),
    ("f'{1 = 2}'\n", "SyntaxError", "f-string: expecting '}'", 1, 11, 1, 11),
    ("f'x{a b}'\n", "SyntaxError", "f-string: invalid syntax. Perhaps you forgot a comma?", 1, 2, 1, 5),
    ("x = f'{a b}'\n", "SyntaxError", "f-string: invalid syntax. Perhaps you forgot a comma?", 1, 2, 1, 5),
    ("f(a=1, b, c)\n", "SyntaxError", "positional argument follows keyword argument", 1, 12, 1, 13),
    ("f(a=1, b c)\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 8, 1, 11),
    ("x = \"\"\"abc", "SyntaxError", "unterminated triple-quoted string literal (detected at line 1)", 1, 5, 1, 5),
    ("x = 'abc", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5, 1, 5),
    ("a if b else c = 1\n", "SyntaxError", "cannot assign to conditional expression", 1, 1, 1, 14),
    ("not a = 1\n", "SyntaxError", "cannot assign to expression", 1, 1, 1, 6),
    ("a < b = 1\n", "SyntaxError", "cannot assign to comparison", 1, 1, 1, 6),
    ("-a = 1\n", "SyntaxError", "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1, 1, 3),
    ("x.y = f() = 1\n", "SyntaxError", "cannot assign to function call", 1, 7, 1, 10),
    ("x = 1\ny = = 2\nz = 'abc\n", "SyntaxError", "unterminated string literal (detected at line 3)", 3, 5, 3, 5),
    ("x = = 1\ny = (\n", "SyntaxError", "invalid syntax", 1, 5, 1, 6),
    ("x = (\ny = = 2\n", "SyntaxError", "'(' was never closed", 1, 5, 1, 0),
    ("pass\n  pass\n", "IndentationError", "unexpected indent", 2, 2, 2, -1),
    ("x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((()))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))\n", "SyntaxError", "too many nested parentheses", 1, 205, 1, 205),
    ("if True:\n  x = 1\n x = 2\n", "IndentationError", "unindent does not match any outer indentation level", 3, 7, 3, -1),
    ("def f(\n  a,\n  b\n:\n", "SyntaxError", "'(' was never closed", 1, 6, 1, 0),
    ("x = 'a' 'b\n", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 9, 1, 9),
    ("try:\n  pass\nx = 1\n", "SyntaxError", "expected 'except' or 'finally' block", 3, 1, 3, 2),
    ("@dec\nx = 1\n", "SyntaxError", "invalid syntax", 2, 1, 2, 2),
    ("from x import\n", "SyntaxError", "invalid syntax", 1, 14, 1, 14),
    ("import a.\n", "SyntaxError", "invalid syntax", 1, 10, 1, 10),
    ("x = [1, 2,, 3]\n", "SyntaxError", "invalid syntax", 1, 11, 1, 12),
    ("f(,)\n", "SyntaxError", "invalid syntax", 1, 3, 1, 4),
    ("x = {**a: 1}\n", "SyntaxError", "invalid syntax", 1, 9, 1, 10),
    ("global\n", "SyntaxError", "invalid syntax", 1, 7, 1, 7),
    ("del\n", "SyntaxError", "invalid syntax", 1, 4, 1, 4),
    ("x.1\n", "SyntaxError", "invalid syntax", 1, 2, 1, 4),
];

fn kind_name(k: ErrorKind) -> &'static str {
    k.name()
}

#[test]
fn syntax_errors_match_cpython_message_and_position() {
    let mut failures = Vec::new();
    for &(src, kind, msg, line, offset, end_line, end_offset) in CASES {
        let want_col = offset.saturating_sub(1);
        let (want_end_line, want_end_col) = if end_offset <= 0 {
            (line, want_col)
        } else {
            (end_line, (end_offset - 1) as u32)
        };
        match parse_module(src) {
            Ok(_) => failures.push(format!("{src:?}: parsed, CPython says {kind}: {msg}")),
            Err(e) => {
                let got = (
                    kind_name(e.kind),
                    e.msg.as_str(),
                    e.line,
                    e.col,
                    e.end_line,
                    e.end_col,
                );
                let want = (kind, msg, line, want_col, want_end_line, want_end_col);
                if got != want {
                    failures.push(format!("{src:?}:\n  ours:    {got:?}\n  cpython: {want:?}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} error cases differ:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn statements_outside_the_ast_are_unsupported_not_syntax_errors() {
    // python3 -c 'compile("with a: pass\n", "<t>", "exec")' accepts all of these;
    // py_fn's AST has no node for them.
    for (src, line, col) in [
        ("with a: pass\n", 1, 0),
        ("async def f(): pass\n", 1, 0),
        ("def f():\n    x = await y\n", 2, 8),
        ("match x:\n    case 1: pass\n", 1, 0),
        ("with a as (b, c), d:\n    pass\n", 1, 0),
        ("with (a as b, c as d):\n    pass\n", 1, 0),
        (
            "async def f():\n    async for x in y:\n        pass\n",
            1,
            0,
        ),
        ("try:\n    pass\nexcept* E:\n    pass\n", 3, 0),
        ("def f():\n    return [x async for x in y]\n", 2, 14),
        ("x = f'{await y}'\n", 1, 7),
    ] {
        let e = parse_module(src).expect_err(src);
        assert_eq!(e.kind, ErrorKind::Unsupported, "{src:?}: {e:?}");
        assert_eq!((e.line, e.col), (line, col), "{src:?}: {e:?}");
    }
}

#[test]
fn a_syntax_error_wins_over_an_earlier_unsupported_statement() {
    // python3: compile("with a: pass\nx = = 1\n", "<t>", "exec") ->
    // SyntaxError 'invalid syntax' 2 5 2 6 (CPython compiles the `with`).
    let e = parse_module("with a: pass\nx = = 1\n").expect_err("syntax error");
    assert_eq!(e.kind, ErrorKind::SyntaxError);
    assert_eq!((e.msg.as_str(), e.line, e.col), ("invalid syntax", 2, 4));
}

#[test]
fn two_hundred_nested_brackets_parse_on_a_small_stack() {
    // python3: compile("x = " + "(" * 200 + ")" * 200, "<t>", "exec") is accepted.
    let ok = format!("x = {}{}\n", "(".repeat(200), ")".repeat(200));
    let run = move || parse_module(&ok).map(|_| ());
    let r = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(run)
        .expect("thread")
        .join()
        .expect("no stack overflow");
    assert!(r.is_ok(), "{r:?}");
}

#[test]
fn numbers_followed_by_keywords_parse_like_cpython() {
    // python3 -c 'compile("x = 1if 1else 2 or 3\n", "<t>", "exec")' accepts it
    // (with a SyntaxWarning), as 1 if 1 else (2 or 3).
    assert!(parse_module("x = 1if 1else 2 or 3\n").is_ok());
    assert!(parse_module("x = [0x1for x in y]\n").is_ok());
}

#[test]
fn deep_unary_and_lambda_chains_are_a_clean_error_not_a_stack_overflow() {
    // python3 fails these with RecursionError ("maximum recursion depth exceeded
    // during compilation"); we answer with a SyntaxError instead of crashing.
    for src in [
        format!("x = {}1\n", "-".repeat(100_000)),
        format!("x = {}1\n", "not ".repeat(100_000)),
        format!("x = {}1\n", "lambda: ".repeat(100_000)),
        format!("x = {}\n", "a if b else ".repeat(100_000) + "c"),
        format!("x = {}\n", "2 ** ".repeat(100_000) + "2"),
        format!("x = {}\n", "f'{".repeat(3) + "x" + &"}'".repeat(3)),
        "if a:\n".to_string()
            + &(1..200)
                .map(|i| format!("{}if a:\n", " ".repeat(i)))
                .collect::<String>()
            + &" ".repeat(200)
            + "pass\n",
    ] {
        let r = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || parse_module(&src).map(|_| ()))
            .expect("thread")
            .join()
            .expect("no stack overflow");
        let _ = r;
    }
}

/// Complex literals compile to code objects (`dis`, `.pyc`), but neither
/// back end runs them: `compile_to_run` refuses the first one.
#[test]
fn complex_literals_compile_but_do_not_run() {
    let src = "x = 1\ny = [3, -2j + 1j]\n";
    assert!(py_fn_compiler::compile(src, "c.py").is_ok());
    let err = py_fn_compiler::compile_to_run(src, "c.py").unwrap_err();
    assert_eq!(
        err.to_string(),
        "complex numbers are not supported yet (tier 3 of the py_fn subset)"
    );
    assert_eq!((err.line, err.col), (2, 9)); // the `2j` of `-2j`
}
