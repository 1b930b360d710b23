//! CPython 3.11's limit on int/str conversions (4300 decimal digits): the
//! `ValueError`s of `int(text)`, `str(i)`, `repr(i)` and `print(i)`. Every
//! expected text was printed by python3 (CPython 3.11.7) for the Python
//! expression in the comment next to it, as
//! `python3 -c 'try: EXPR
//! except ValueError as e: print("ValueError: " + str(e))'`.

use py_fn_runtime::{
    binary_op, builtin_by_name, call, capture_stdout, list, tuple, BinOp, PyResult, Value,
};

const TO_INT: &str =
    "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has";
const TO_INT_END: &str = "digits; use sys.set_int_max_str_digits() to increase the limit";
const TO_STR: &str = "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit";

fn b(name: &str, args: &[Value]) -> PyResult<Value> {
    match builtin_by_name(name) {
        Some(f) => call(&Value::Builtin(f), args),
        None => panic!("no builtin {name}"),
    }
}

fn show(r: PyResult<Value>) -> String {
    match r {
        Ok(v) => v.repr(),
        Err(e) => e.to_string(),
    }
}

fn to_int_error(digits: usize) -> String {
    format!("{TO_INT} {digits} {TO_INT_END}")
}

/// `10**4300`, and `10**4300 - 1` (the largest int of 4300 digits).
fn powers() -> (Value, Value) {
    let p = binary_op(BinOp::Pow, &Value::Int(10), &Value::Int(4300));
    let p = match p {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let q = match binary_op(BinOp::Sub, &p, &Value::Int(1)) {
        Ok(q) => q,
        Err(e) => panic!("{e}"),
    };
    (p, q)
}

#[test]
fn int_of_a_long_string() {
    let s = |t: String| Value::str(t);
    let cases: Vec<(PyResult<Value>, String)> = vec![
        // int('1'*4301)
        (b("int", &[s("1".repeat(4301))]), to_int_error(4301)),
        // int('0'*5000+'1'): leading zeros count
        (
            b("int", &[s(format!("{}1", "0".repeat(5000)))]),
            to_int_error(5001),
        ),
        // int(' -'+'1'*4301+' ')
        (
            b("int", &[s(format!(" -{} ", "1".repeat(4301)))]),
            to_int_error(4301),
        ),
        // int('1_'*4300+'1'): underscores do not count
        (
            b("int", &[s(format!("{}1", "1_".repeat(4300)))]),
            to_int_error(4301),
        ),
        // int('1'*4301+'x'): the limit comes before the bad character
        (
            b("int", &[s(format!("{}x", "1".repeat(4301)))]),
            to_int_error(4301),
        ),
        // int('1'*4301, 7)
        (
            b("int", &[s("1".repeat(4301)), Value::Int(7)]),
            to_int_error(4301),
        ),
        // int('1'*4301, 0)
        (
            b("int", &[s("1".repeat(4301)), Value::Int(0)]),
            to_int_error(4301),
        ),
        // int('0'*4301+'1', 0): the limit comes before the leading-zeros rule
        (
            b("int", &[s(format!("{}1", "0".repeat(4301))), Value::Int(0)]),
            to_int_error(4302),
        ),
        // int('٣'*4301)
        (b("int", &[s("٣".repeat(4301))]), to_int_error(4301)),
        // int('1'*4301+'_'): a trailing underscore is an invalid literal,
        // shown as CPython's %.200R (the repr's first 200 characters)
        (
            b("int", &[s(format!("{}_", "1".repeat(4301)))]),
            format!(
                "ValueError: invalid literal for int() with base 10: '{}",
                "1".repeat(199)
            ),
        ),
        // int('_'+'1'*300)
        (
            b("int", &[s(format!("_{}", "1".repeat(300)))]),
            format!(
                "ValueError: invalid literal for int() with base 10: '_{}",
                "1".repeat(198)
            ),
        ),
    ];
    for (k, (got, want)) in cases.into_iter().enumerate() {
        assert_eq!(show(got), want, "case {k}");
    }
}

#[test]
fn int_of_strings_within_the_limit() {
    // len(str(int('1'*4300))) == 4300
    let v = b("int", &[Value::str("1".repeat(4300))]);
    assert_eq!(show(v).len(), 4300);
    // int('f'*5000, 16).bit_length() == 20000: power-of-two bases have no limit
    let v = b("int", &[Value::str("f".repeat(5000)), Value::Int(16)]);
    assert!(v.is_ok());
    // int('1'*4301, 32) and int('1'*4301, 4) are accepted
    assert!(b("int", &[Value::str("1".repeat(4301)), Value::Int(32)]).is_ok());
    assert!(b("int", &[Value::str("1".repeat(4301)), Value::Int(4)]).is_ok());
    // int('0x'+'1'*4301, 0) is accepted
    assert!(b(
        "int",
        &[Value::str(format!("0x{}", "1".repeat(4301))), Value::Int(0)]
    )
    .is_ok());
}

#[test]
fn str_and_repr_of_a_long_int() {
    let (p, q) = powers();
    let neg_q = match binary_op(BinOp::Sub, &Value::Int(0), &q) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    let neg_p = match binary_op(BinOp::Sub, &Value::Int(0), &p) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    // str(10**4300)
    assert_eq!(show(b("str", std::slice::from_ref(&p))), TO_STR);
    // repr(-10**4300)
    assert_eq!(show(b("repr", &[neg_p])), TO_STR);
    // str([1, 10**4300])
    assert_eq!(
        show(b("str", &[list(vec![Value::Int(1), p.clone()])])),
        TO_STR
    );
    // repr((10**4300,))
    assert_eq!(show(b("repr", &[tuple(vec![p.clone()])])), TO_STR);
    // len(str(10**4300 - 1)) == 4300, len(str(-(10**4300 - 1))) == 4301
    match b("str", &[q]) {
        Ok(Value::Str(t)) => assert_eq!(t.len(), 4300),
        other => panic!("{}", show(other)),
    }
    match b("str", &[neg_q]) {
        Ok(Value::Str(t)) => assert_eq!(t.len(), 4301),
        other => panic!("{}", show(other)),
    }
}

#[test]
fn print_of_a_long_int_writes_what_comes_before() {
    let (p, _) = powers();
    // print(1, [2, 10**4300], 3, sep='-', end='!') writes '1-', then raises.
    let args = [
        Value::Int(1),
        list(vec![Value::Int(2), p.clone()]),
        Value::Int(3),
    ];
    let print = match builtin_by_name("print") {
        Some(f) => Value::Builtin(f),
        None => panic!("no print"),
    };
    let (out, r) = capture_stdout(|| {
        py_fn_runtime::call_kw(
            &print,
            &[
                args[0].clone(),
                args[1].clone(),
                args[2].clone(),
                Value::str("-"),
                Value::str("!"),
            ],
            &["sep", "end"],
        )
    });
    assert_eq!(out, "1-");
    assert_eq!(show(r), TO_STR);
    // print(10**4300) writes nothing.
    let (out, r) = capture_stdout(|| call(&print, &[p]));
    assert_eq!(out, "");
    assert_eq!(show(r), TO_STR);
}
