//! CPython 3.11's limit on decimal int literals: more than 4300 digits is a
//! `SyntaxError` raised by the parser (`_PyPegen_number_token`), with no
//! columns (`offset` and `end_offset` are 0, read as column 0 here as in
//! `parse_errors.rs`). Hexadecimal, octal and binary literals, floats and
//! imaginary literals have no limit.

use py_fn_compiler::parser::parse_module;
use py_fn_compiler::{compile, ErrorKind};

/// `<D*N>` in a template is the character `D` repeated `N` times.
fn expand(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        let mut chars = tail.chars();
        let marker = chars.next().and_then(|d| {
            let after = chars.as_str().strip_prefix('*')?;
            let end = after.find('>')?;
            let n: usize = after[..end].parse().ok()?;
            Some((d, n, &after[end + 1..]))
        });
        match marker {
            Some((d, n, next)) => {
                out.extend(std::iter::repeat_n(d, n));
                rest = next;
            }
            None => {
                out.push('<');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `(template, error)`: `error` is `(msg, lineno, offset, end_lineno,
/// end_offset)` of python3's SyntaxError, or `None` when python3 compiles
/// the source. Printed by
///
/// ```text
/// python3 -c 'import re, json
/// src = re.sub(r"<(.)\*(\d+)>", lambda m: m.group(1) * int(m.group(2)), TEMPLATE)
/// try: compile(src, "f", "exec")
/// except SyntaxError as e: print(json.dumps(e.msg), e.lineno, e.offset, e.end_lineno, e.end_offset)'
/// ```
#[rustfmt::skip]
#[allow(clippy::type_complexity)]
const CASES: &[(&str, Option<(&str, u32, u32, u32, u32)>)] = &[
    ("x = <1*4300>\n", None),
    ("x = <1*4301>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("x = <1*4300>_1\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("x = 1<0*4299>\n", None),
    ("x = 0x<1*5000>\n", None),
    ("x = 0o<1*5000>\n", None),
    ("x = 0b<1*20000>\n", None),
    ("x = <1*4301>.0\n", None),
    ("x = <1*4301>j\n", None),
    ("x = <1*4301>e1\n", None),
    ("x = <0*5000>\n", None),
    ("x = <1*1048577>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 1048577 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("x = 1\ny = (\n  <1*4301>)\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 3, 0, 3, 0))),
    ("x = (1 +)\ny = <1*4301>\n", Some(("invalid syntax", 1, 9, 1, 10))),
    ("y = <1*4301>\nx = (1 +)\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("y = <1*4301> +\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("y = <1*4301>\nx = 'abc\n", Some(("unterminated string literal (detected at line 2)", 2, 5, 2, 5))),
    ("y = <1*4301>\nx = 09\n", Some(("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 2, 5, 2, 6))),
    ("def f(x=<1*4301>): pass\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("y = 'é' + <1*4301>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("y = -<1*4301>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("if x:\n    y = <1*4301>\n  z = 1\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 2, 0, 2, 0))),
    ("y = <1*4301>\nx = (\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("y = (<1*4301>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("y = <1*4301> $\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("y = [1, 2 <1*4301>]\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("y = <1*4301> <1*4301>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("y = 1 if <1*4301>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("f(<1*4301> for x in y, 1)\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("y = x\\\n  + <1*4301>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 2, 0, 2, 0))),
    ("y = '''a\nb''' + <1*4301>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 2, 0, 2, 0))),
    ("y = 1; z = 2 + <1*4301>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("def f(x=<1*4301>\n", Some(("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", 1, 0, 1, 0))),
    ("x = 0<0*4300>1\n", Some(("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5, 1, 4306))),
];

#[test]
fn decimal_literal_limit_matches_python3() {
    let mut failures = Vec::new();
    for &(template, want) in CASES {
        let src = expand(template);
        match (want, parse_module(&src)) {
            (None, Ok(_)) => {
                if let Err(e) = compile(&src, "f.py") {
                    failures.push(format!("{template:?}: python3 compiles it, py_fn: {e}"));
                }
            }
            (None, Err(e)) => {
                failures.push(format!("{template:?}: python3 compiles it, py_fn: {e}"))
            }
            (Some((msg, ..)), Ok(_)) => {
                failures.push(format!("{template:?}: parsed, python3 says {msg}"))
            }
            (Some((msg, line, offset, end_line, end_offset)), Err(e)) => {
                let want_col = offset.saturating_sub(1);
                let want_end = if end_offset == 0 {
                    (line, want_col)
                } else {
                    (end_line, end_offset - 1)
                };
                let got = (
                    e.kind,
                    e.msg.as_str(),
                    e.line,
                    e.col,
                    (e.end_line, e.end_col),
                );
                let want = (ErrorKind::SyntaxError, msg, line, want_col, want_end);
                if got != want {
                    failures.push(format!(
                        "{template:?}:\n  ours:    {got:?}\n  python3: {want:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_limit_is_a_compile_error_too() {
    // python3: compile("x = " + "9" * 4301, "f", "exec") raises SyntaxError.
    let src = format!("def f():\n    return {}\n", "9".repeat(4301));
    match compile(&src, "f.py") {
        Ok(_) => panic!("compiled a 4301-digit literal"),
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::SyntaxError);
            assert_eq!((e.line, e.col), (2, 0));
            assert!(e.msg.contains("value has 4301 digits"), "{}", e.msg);
        }
    }
}

#[test]
fn expand_repeats() {
    assert_eq!(expand("a<1*3>b<_*2>"), "a111b__");
}
