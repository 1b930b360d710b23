//! Formatting against CPython 3.11: `format(value, spec)`, `FORMAT_VALUE`,
//! `str % args`, `str.format(*args, **kwargs)` and `ascii()`. The expected
//! results were computed by python3 3.11.7 with
//! `fixtures/gen_format.py` (`format_edge.txt`: hand-picked cases and every
//! error text; `format_random.txt`: random specs, `%` formats and
//! templates). A last test runs thousands of generated specs and formats
//! and only checks that nothing panics.

use py_fn_runtime::{
    binary_op, builtin_by_name, call, call_kw, call_method, dict, format, format_value, list,
    tuple, BinOp, PyResult, Value,
};

mod rng;
use rng::Rng;

fn b(name: &str, args: &[Value]) -> PyResult<Value> {
    call(
        &Value::Builtin(builtin_by_name(name).expect("builtin")),
        args,
    )
}

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn hex_text(hex: &str) -> String {
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect();
    String::from_utf8(bytes).expect("utf-8")
}

/// A tagged value of the fixtures (see `gen_format.py`).
fn value(text: &str) -> Value {
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let v = value_at(&chars, &mut pos);
    assert_eq!(pos, chars.len(), "trailing text in {text:?}");
    v
}

fn value_at(chars: &[char], pos: &mut usize) -> Value {
    let rest: String = chars[*pos..].iter().collect();
    for kind in ["t(", "l(", "d("] {
        if rest.starts_with(kind) {
            *pos += 2;
            let mut items = Vec::new();
            while chars[*pos] != ')' {
                items.push(value_at(chars, pos));
                if chars[*pos] == ',' {
                    *pos += 1;
                }
            }
            *pos += 1;
            return match kind {
                "t(" => tuple(items),
                "l(" => list(items),
                _ => {
                    let pairs = items
                        .chunks(2)
                        .map(|kv| (kv[0].clone(), kv[1].clone()))
                        .collect();
                    dict(pairs).expect("dict")
                }
            };
        }
    }
    let end = rest.find([',', ')']).unwrap_or(rest.len());
    let token = &rest[..end];
    *pos += token.chars().count();
    let (kind, payload) = token.split_at(2);
    match kind {
        "i:" => b("int", &[Value::str(payload)]).expect("int"),
        "h:" => {
            let (neg, digits) = match payload.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, payload),
            };
            let v = b("int", &[Value::str(digits), Value::Int(16)]).expect("int");
            if neg {
                binary_op(BinOp::Sub, &Value::Int(0), &v).expect("neg")
            } else {
                v
            }
        }
        "f:" => Value::Float(f64::from_bits(
            u64::from_str_radix(payload, 16).expect("bits"),
        )),
        "s:" => Value::str(hex_text(payload)),
        "b:" => Value::Bool(payload == "1"),
        "n:" => Value::None,
        _ => panic!("bad value {token:?}"),
    }
}

fn shown(r: PyResult<String>) -> String {
    match r {
        Ok(text) => format!("={text}"),
        Err(e) => format!("!{e}"),
    }
}

fn text_of(r: PyResult<Value>) -> PyResult<String> {
    r.map(|v| match v {
        Value::Str(s) => s.as_ref().clone(),
        other => panic!("not a str: {other:?}"),
    })
}

/// Runs one fixture line; returns (what py_fn gives, what CPython gave).
fn run_line(line: &str) -> (String, String) {
    let fields: Vec<&str> = line.split('\t').collect();
    let want = unescape(fields[fields.len() - 1]);
    let got = match fields[0] {
        "fmt" => shown(format(&value(fields[1]), &unescape(fields[2]))),
        "fv" => {
            let conv = fields[2].chars().next().filter(|&c| c != '-');
            shown(text_of(format_value(
                &value(fields[1]),
                conv,
                &unescape(fields[3]),
            )))
        }
        "pct" => shown(text_of(binary_op(
            BinOp::Mod,
            &Value::str(unescape(fields[1])),
            &value(fields[2]),
        ))),
        "sfmt" => {
            let Value::Tuple(args) = value(fields[2]) else {
                panic!("args")
            };
            let Value::Dict(kwargs) = value(fields[3]) else {
                panic!("kwargs")
            };
            let mut all: Vec<Value> = args.to_vec();
            let mut names = Vec::new();
            for (k, v) in kwargs.borrow().items() {
                names.push(k.to_string());
                all.push(v);
            }
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let method = py_fn_runtime::getattr(&Value::str(unescape(fields[1])), "format")
                .expect("str.format");
            shown(text_of(call_kw(&method, &all, &names)))
        }
        "ascii" => shown(text_of(b("ascii", &[value(fields[1])]))),
        other => panic!("unknown case kind {other}"),
    };
    (got, want)
}

fn check_file(text: &str) -> usize {
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let (got, want) = run_line(line);
        count += 1;
        if got != want {
            failures.push(format!(
                "line {}: {line}\n  want {want}\n  got  {got}",
                n + 1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    count
}

#[test]
fn hand_picked_cases_and_every_error_text_match_cpython() {
    assert_eq!(check_file(include_str!("fixtures/format_edge.txt")), 351);
}

#[test]
fn random_specs_formats_and_templates_match_cpython() {
    assert_eq!(check_file(include_str!("fixtures/format_random.txt")), 4900);
}

#[test]
fn documented_examples() {
    let f = |v: Value, spec: &str| format(&v, spec).unwrap_or_else(|e| e.to_string());
    // python3 -c "print(format(2.675, '.2f'), format(1e16, 'g'), format(0.1, '.17g'))"
    assert_eq!(f(Value::Float(2.675), ".2f"), "2.67");
    assert_eq!(f(Value::Float(1e16), "g"), "1e+16");
    assert_eq!(f(Value::Float(0.1), ".17g"), "0.10000000000000001");
    assert_eq!(f(Value::Float(-0.0), "+.1f"), "-0.0");
    assert_eq!(f(Value::Float(f64::INFINITY), "08.2f"), "00000inf");
    assert_eq!(f(Value::Float(1234567.891), ",.2f"), "1,234,567.89");
    assert_eq!(f(Value::Int(12345), "_x"), "3039");
    assert_eq!(f(Value::Int(123456789), "_x"), "75b_cd15");
    // A lone surrogate cannot live in a Rust string: format(0xD800, 'c')
    // is '\ud800' in CPython and U+FFFD here.
    assert_eq!(f(Value::Int(0xD800), "c"), "\u{FFFD}");
}

#[test]
fn builtins_and_methods_take_cpythons_arguments() {
    let show = |r: PyResult<Value>| match r {
        Ok(v) => v.repr(),
        Err(e) => e.to_string(),
    };
    let fmt = Value::Builtin(builtin_by_name("format").expect("format"));
    let cases: Vec<(PyResult<Value>, &str)> = vec![
        (
            b("format", &[Value::Int(1), Value::Int(2)]),
            "TypeError: format() argument 2 must be str, not int",
        ),
        (
            b("format", &[]),
            "TypeError: format expected at least 1 argument, got 0",
        ),
        (
            b("format", &[Value::Int(1), Value::str(""), Value::Int(3)]),
            "TypeError: format expected at most 2 arguments, got 3",
        ),
        (
            call_kw(&fmt, &[Value::Int(1), Value::str("")], &["format_spec"]),
            "TypeError: format() takes no keyword arguments",
        ),
        (b("format", &[Value::Float(0.5)]), "'0.5'"),
        (b("format", &[Value::Int(7), Value::str("03")]), "'007'"),
        (
            b("ascii", &[]),
            "TypeError: ascii() takes exactly one argument (0 given)",
        ),
        (b("ascii", &[Value::str("é")]), "\"'\\\\xe9'\""),
        (
            call_method(&Value::str("{}-{x}"), "format", &[Value::Int(1)]),
            "KeyError: 'x'",
        ),
        (
            call_kw(
                &py_fn_runtime::getattr(&Value::str("{}-{x}"), "format").expect("format"),
                &[Value::Int(1), Value::Int(2)],
                &["x"],
            ),
            "'1-2'",
        ),
        (
            binary_op(BinOp::Mod, &Value::Int(5), &Value::str("a")),
            "TypeError: unsupported operand type(s) for %: 'int' and 'str'",
        ),
        (
            py_fn_runtime::inplace_op(BinOp::Mod, &Value::str("%d!"), &Value::Int(5)),
            "'5!'",
        ),
    ];
    for (k, (got, want)) in cases.into_iter().enumerate() {
        assert_eq!(show(got), want, "case {k}");
    }
}

/// Text made of pieces that mean something to a spec or a format, and
/// some that do not.
fn random_text(rng: &mut Rng, pieces: &[&str], max: usize) -> String {
    let n = rng.below(max + 1);
    (0..n).map(|_| *rng.pick(pieces)).collect()
}

#[test]
fn thousands_of_generated_formats_never_panic() {
    let big = b("int", &[Value::str("9".repeat(60))]).expect("int");
    let huge = binary_op(BinOp::Pow, &Value::Int(10), &Value::Int(5000)).expect("pow");
    let values = vec![
        Value::Int(0),
        Value::Int(-7),
        Value::Int(i64::MIN),
        Value::Int(0x10ffff),
        Value::Int(0x110000),
        big,
        huge,
        Value::Bool(true),
        Value::Float(0.0),
        Value::Float(-0.0),
        Value::Float(2.675),
        Value::Float(1e308),
        Value::Float(5e-324),
        Value::Float(f64::NAN),
        Value::Float(f64::NEG_INFINITY),
        Value::str(""),
        Value::str("héllo😀"),
        Value::None,
        list(vec![Value::Int(1)]),
        tuple(vec![]),
        tuple(vec![Value::Int(3), Value::str("x"), Value::Float(1.5)]),
        dict(vec![(Value::str("a"), Value::Int(1))]).expect("dict"),
    ];
    let spec_pieces = [
        "<",
        ">",
        "=",
        "^",
        "+",
        "-",
        " ",
        "z",
        "#",
        "0",
        "1",
        "9",
        "12",
        "99999999999999999999",
        ",",
        "_",
        ".",
        ".3",
        ".0",
        ".60",
        "b",
        "c",
        "d",
        "e",
        "E",
        "f",
        "F",
        "g",
        "G",
        "n",
        "o",
        "s",
        "x",
        "X",
        "%",
        "é",
        "{",
        "}",
        "*",
        "\0",
    ];
    let pct_pieces = [
        "%",
        "%%",
        "s",
        "r",
        "a",
        "d",
        "i",
        "u",
        "o",
        "x",
        "X",
        "e",
        "E",
        "f",
        "F",
        "g",
        "G",
        "c",
        "(",
        ")",
        "(a)",
        "-",
        "+",
        " ",
        "#",
        "0",
        "5",
        "*",
        ".",
        ".*",
        ".2",
        "h",
        "l",
        "y",
        "é",
        "text",
        "99999999999999999999",
    ];
    let brace_pieces = [
        "{",
        "}",
        "{}",
        "{0}",
        "{1}",
        "{a}",
        "{0.real}",
        "{0[0]}",
        "{[0]}",
        "{!r}",
        "{!a}",
        "{!x}",
        "!",
        ":",
        ":>5",
        ":{}",
        "{:{:{}}}",
        "[",
        "]",
        ".",
        "x",
        "{{",
        "}}",
        "9",
        "99999999999999999999",
    ];
    let mut rng = Rng(0x5eed_f0a7);
    let mut ran = 0;
    for _ in 0..3000 {
        let v = rng.pick(&values).clone();
        let spec = random_text(&mut rng, &spec_pieces, 6);
        let _ = format(&v, &spec);
        let conv = *rng.pick(&[None, Some('s'), Some('r'), Some('a'), Some('q')]);
        let _ = format_value(&v, conv, &spec);
        let pct = random_text(&mut rng, &pct_pieces, 6);
        let args = if rng.below(3) == 0 {
            v.clone()
        } else {
            tuple(
                (0..rng.below(4))
                    .map(|_| rng.pick(&values).clone())
                    .collect(),
            )
        };
        let _ = binary_op(BinOp::Mod, &Value::str(pct), &args);
        let template = random_text(&mut rng, &brace_pieces, 6);
        let args: Vec<Value> = (0..rng.below(3))
            .map(|_| rng.pick(&values).clone())
            .collect();
        let _ = call_method(&Value::str(template), "format", &args);
        ran += 1;
    }
    assert_eq!(ran, 3000);
}
