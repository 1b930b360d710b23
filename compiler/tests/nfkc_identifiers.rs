//! NFKC identifiers (CPython's `_PyPegen_new_identifier`) and the identifier
//! check of the tokenizer (`verify_identifier`), against python3 (CPython
//! 3.11.7).

use py_fn_bytecode::code::{CodeData, Constant};
use py_fn_compiler::parser::parse_module;
use py_fn_compiler::{compile, ErrorKind};

/// One code object's `(co_qualname, co_names, co_varnames, co_cellvars,
/// co_freevars, co_code.hex())`.
type Names = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);

/// Programs and every code object's name tuples, depth first, printed by
/// this python3 script (`walk` visits `co_consts` in order):
///
/// ```text
/// def walk(co, out):
///     out.append((co.co_qualname, co.co_names, co.co_varnames,
///                 co.co_cellvars, co.co_freevars, co.co_code.hex()))
///     for c in co.co_consts:
///         if hasattr(c, 'co_code'): walk(c, out)
/// out = []; walk(compile(SRC, "f.py", "exec"), out); print(out)
/// ```
///
/// The first two are `fuzz/regressions/003.py` and `004.py`.
#[rustfmt::skip]
const PROGRAMS: &[(&str, &[Names])] = &[
    (
        "# expect: ok\n# CPython 3.11 compiles this: identifiers are NFKC-normalised, so 'ℌ' is 'H'.\n# py_fn: SyntaxError: no binding for nonlocal 'ℌ' found (symtable).\ndef f():\n    H = 1\n    def g():\n        nonlocal ℌ\n        ℌ = 2\n    return g\n",
        &[
            ("<module>", &["f"], &[], &[], &[],
                "9700640084005a0064015300"),
            ("f", &[], &["g"], &["H"], &[],
                "8701970064018a0188016601640284087d007c005300"),
            ("f.<locals>.g", &[], &[], &[], &["H"],
                "9501970064018a0064005300"),
        ],
    ),
    (
        "# expect: ok\n# CPython 3.11 compiles this: parameter 'ｘ' (fullwidth) is 'x' after NFKC.\n# py_fn: SyntaxError: no binding for nonlocal 'x' found (symtable).\ndef f(ｘ):\n    def g():\n        nonlocal x\n    return g\n",
        &[
            ("<module>", &["f"], &[], &[], &[],
                "9700640084005a0064015300"),
            ("f", &[], &["x", "g"], &["x"], &[],
                "8700970088006601640184087d017c015300"),
            ("f.<locals>.g", &[], &[], &[], &["x"],
                "9501970064005300"),
        ],
    ),
    (
        "def ｆ(ｘ, *ａｒｇｓ, ｋ=1, **ｋｗ):\n    ℌ = ｘ.ℌ + ｋ\n    def g():\n        nonlocal H\n        H = ａｒｇｓ\n        return ｋｗ, H\n    return g\nｆ(x=1, ｋ=2)\n",
        &[
            ("<module>", &["f"], &[], &[], &[],
                "9700640064019c01640284025a000200650064006403ac04a6020000ab020000000000000000010064055300"),
            ("f", &["H"], &["x", "k", "args", "kw", "g"], &["args", "kw", "H"], &[],
                "87028703870597007c006a0000000000000000007c017a0000008a058805880288036603640184087d047c045300"),
            ("f.<locals>.g", &[], &[], &[], &["H", "args", "kw"],
                "9503970089018a008902890066025300"),
        ],
    ),
    (
        "def f():\n    global ℌ\n    ℌ = 1\n    ﬁ = 2\n    return fi, Ⅰ, ªº\nH = 0\n",
        &[
            ("<module>", &["f", "H"], &[], &[], &[],
                "9700640084005a006401610164025300"),
            ("f", &["H", "I", "ao"], &["fi"], &[], &[],
                "97006401610064027d007c0074020000000000000000000074040000000000000000000066035300"),
        ],
    ),
    (
        "def f():\n    ｉｆ = 1\n    Ｎｏｎｅ = 2\n    Ｔｒｕｅ = 3\n    return ｉｆ + Ｎｏｎｅ + Ｔｒｕｅ, x·y\n",
        &[
            ("<module>", &["f"], &[], &[], &[],
                "9700640084005a0064015300"),
            ("f", &["x·y"], &["if", "None", "True"], &[], &[],
                "970064017d0064027d0164037d027c007c017a0000007c027a00000074000000000000000000000066025300"),
        ],
    ),
    (
        "def outer():\n    x = 1\n    y = lambda ｘ=ｘ: ｘ + x\n    return y\n",
        &[
            ("<module>", &["outer"], &[], &[], &[],
                "9700640084005a0064015300"),
            ("outer", &[], &["x", "y"], &[], &[],
                "970064017d007c006601640284017d017c015300"),
            ("outer.<locals>.<lambda>", &[], &["x"], &[], &[],
                "97007c007c007a0000005300"),
        ],
    ),
];

/// [`Names`] as owned values.
type OwnedNames = (
    String,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    String,
);

fn walk(code: &CodeData, out: &mut Vec<OwnedNames>) {
    let strs = |l: &[std::borrow::Cow<'static, str>]| l.iter().map(|s| s.to_string()).collect();
    let hex: String = code.code.iter().map(|b| format!("{b:02x}")).collect();
    out.push((
        code.qualname.to_string(),
        strs(&code.names),
        strs(&code.varnames),
        strs(&code.cellvars),
        strs(&code.freevars),
        hex,
    ));
    for c in code.consts.iter() {
        if let Constant::Code(inner) = c {
            walk(inner, out);
        }
    }
}

#[test]
fn code_objects_hold_nfkc_names() {
    for (src, want) in PROGRAMS {
        let code = match compile(src, "f.py") {
            Ok(c) => c,
            Err(e) => panic!("{src:?}: {e}"),
        };
        let mut got = Vec::new();
        walk(&code, &mut got);
        let want: Vec<_> = want
            .iter()
            .map(|(q, n, v, c, f, h)| {
                let s = |l: &[&str]| l.iter().map(|x| x.to_string()).collect::<Vec<_>>();
                (q.to_string(), s(n), s(v), s(c), s(f), h.to_string())
            })
            .collect();
        assert_eq!(got, want, "{src:?}");
    }
}

/// `(source, msg, lineno, offset, end_lineno, end_offset)`: the tokenizer's
/// and parser's errors, from
/// `python3 -c 'try: compile(SRC, "f", "exec")
/// except SyntaxError as e: print(e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)'`.
#[rustfmt::skip]
const SYNTAX_ERRORS: &[(&str, &str, u32, u32, u32, u32)] = &[
    ("x€ = 1\n", "invalid character '€' (U+20AC)", 1, 2, 1, 2),
    ("€ = 1\n", "invalid character '€' (U+20AC)", 1, 1, 1, 1),
    ("a = 1 € 2\n", "invalid character '€' (U+20AC)", 1, 7, 1, 7),
    ("x\u{200b} = 1\n", "invalid non-printable character U+200B", 1, 2, 1, 2),
    ("a\u{a0}= 1\n", "invalid non-printable character U+00A0", 1, 2, 1, 2),
    ("a = \u{3000} 1\n", "invalid non-printable character U+3000", 1, 5, 1, 5),
    ("ℕ² = 1\n", "invalid character '²' (U+00B2)", 1, 2, 1, 2),
    ("x² = 1\n", "invalid character '²' (U+00B2)", 1, 2, 1, 2),
    ("¹ = 1\n", "invalid character '¹' (U+00B9)", 1, 1, 1, 1),
    ("\u{345} = 1\n", "invalid character '\u{345}' (U+0345)", 1, 1, 1, 1),
    // U+11F04 is a letter since Unicode 15; CPython 3.11's Unicode 14 has no such character.
    ("\u{11f04} = 1\n", "invalid non-printable character U+11F04", 1, 1, 1, 1),
    ("x\u{11f04} = 1\n", "invalid non-printable character U+11F04", 1, 2, 1, 2),
    ("١x = 1\n", "invalid character '١' (U+0661)", 1, 1, 1, 1),
    ("x = (1,\n  y€)\n", "invalid character '€' (U+20AC)", 2, 4, 2, 4),
    ("x = 1\nｙ€ = 2\n", "invalid character '€' (U+20AC)", 2, 2, 2, 2),
    ("x = é€\n", "invalid character '€' (U+20AC)", 1, 6, 1, 6),
    ("if x:\n  ℌ€ = 1\n", "invalid character '€' (U+20AC)", 2, 4, 2, 4),
    // Keywords are matched on the raw text: fullwidth `ａｎｄ` is a name.
    ("x = 1 ａｎｄ 2\n", "invalid syntax", 1, 7, 1, 10),
    ("x = 'a' ｉｆ 1 else 2\n", "invalid syntax", 1, 9, 1, 11),
    ("ｍａｔｃｈ x:\n case 1: pass\n", "invalid syntax", 1, 7, 1, 8),
    ("ｄｅｆ f(): pass\n", "invalid syntax", 1, 5, 1, 6),
    ("x = 1ｘ\n", "invalid syntax", 1, 6, 1, 7),
    // A keyword after keyword arguments: the generic error is at the keyword.
    ("f(b=1, if=1)\n", "invalid syntax", 1, 8, 1, 10),
    ("f(bi𞸲=㒹ﲅ, if=1)\n", "invalid syntax", 1, 11, 1, 13),
];

#[test]
fn identifier_errors_match_python3() {
    let mut failures = Vec::new();
    for &(src, msg, line, offset, end_line, end_offset) in SYNTAX_ERRORS {
        match parse_module(src) {
            Ok(_) => failures.push(format!("{src:?}: parsed, python3 says {msg}")),
            Err(e) => {
                let got = (e.kind, e.msg.as_str(), e.line, e.col, e.end_line, e.end_col);
                let want = (
                    ErrorKind::SyntaxError,
                    msg,
                    line,
                    offset - 1,
                    end_line,
                    end_offset - 1,
                );
                if got != want {
                    failures.push(format!("{src:?}:\n  ours:    {got:?}\n  python3: {want:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Symbol-table errors print the normalised name. `(source, msg, lineno,
/// offset)` from the same python3 command. CPython's offsets of these
/// errors are UTF-8 byte offsets of the AST (python3 says 12 and 13 for the
/// `duplicate argument` cases, after a 3-byte `ｘ`), py_fn's count
/// characters: the offset is compared only when no non-ASCII character
/// precedes it on its line (`None` otherwise); end offsets are not compared.
#[rustfmt::skip]
const SYMTABLE_ERRORS: &[(&str, &str, u32, Option<u32>)] = &[
    ("def f():\n    nonlocal ℌ\n", "no binding for nonlocal 'H' found", 2, Some(5)),
    ("def f(ｘ, x): pass\n", "duplicate argument 'x' in function definition", 1, None),
    ("lambda ｘ, x: 0\n", "duplicate argument 'x' in function definition", 1, None),
    ("def f(a):\n    global ａ\n", "name 'a' is parameter and global", 2, Some(5)),
    ("nonlocal ℌ\n", "nonlocal declaration not allowed at module level", 1, Some(1)),
    ("def f():\n    x = 1\n    global ｘ\n", "name 'x' is assigned to before global declaration", 3, Some(5)),
];

#[test]
fn symtable_errors_name_the_normalised_identifier() {
    for &(src, msg, line, offset) in SYMTABLE_ERRORS {
        match compile(src, "f.py") {
            Ok(_) => panic!("{src:?}: compiled, python3 says {msg}"),
            Err(e) => assert_eq!(
                (e.kind, e.msg.as_str(), e.line, offset.map(|_| e.col + 1)),
                (ErrorKind::SyntaxError, msg, line, offset),
                "{src:?}"
            ),
        }
    }
}

#[test]
fn names_keep_the_columns_of_the_source_text() {
    // python3 -c 'import ast; print(ast.dump(ast.parse("ｘ = ℌ")))': the
    // names are 'x' and 'H'; py_fn's columns count characters of the source.
    let m = match parse_module("ｘ = ℌ\n") {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let text = format!("{:?}", m.body);
    assert!(text.contains("id: \"x\""), "{text}");
    assert!(text.contains("id: \"H\""), "{text}");
    let stmt = &m.body[0];
    assert_eq!((stmt.loc.line, stmt.loc.col, stmt.loc.end_col), (1, 0, 5));
}

#[test]
fn ascii_and_normalised_spellings_parse_alike() {
    // python3: ast.parse("def ｄｅｆ(): pass") is FunctionDef(name='def');
    // ast.parse("ﬁ = ªº") assigns Name('fi') from Name('ao').
    assert!(parse_module("def ｄｅｆ(): pass\n").is_ok());
    let m = match parse_module("ﬁ = ªº\n") {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let text = format!("{:?}", m.body);
    assert!(text.contains("\"fi\"") && text.contains("\"ao\""), "{text}");
}
