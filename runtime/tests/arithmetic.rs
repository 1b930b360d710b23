//! 600 random binary operations over ints (small and big), floats, bools
//! and sequences, against CPython 3.11's answers in `fixtures/arith.txt`
//! (written by `python3 runtime/tests/fixtures/gen_arith.py`).

use py_fn_runtime::{binary_op, builtin_by_name, call, compare, BinOp, CmpOp, PyResult, Value};

fn int_from_text(text: &str) -> Value {
    let int = Value::Builtin(builtin_by_name("int").expect("int builtin"));
    call(&int, &[Value::str(text)]).expect("an int literal")
}

fn ints(text: &str) -> Vec<Value> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(int_from_text)
        .collect()
}

/// Decodes the tagged operands of the fixture.
fn operand(spec: &str) -> Value {
    let (tag, body) = spec.split_once(':').expect("tagged operand");
    match tag {
        "i" => int_from_text(body),
        "f" => Value::Float(f64::from_bits(
            u64::from_str_radix(body, 16).expect("float bits"),
        )),
        "b" => Value::Bool(body == "1"),
        "n" => Value::None,
        "s" => Value::str(body),
        "l" => py_fn_runtime::list(ints(body)),
        "t" => py_fn_runtime::tuple(ints(body)),
        _ => panic!("unknown operand tag {tag}"),
    }
}

fn apply(op: &str, a: &Value, b: &Value) -> PyResult<Value> {
    let bin = match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "//" => BinOp::FloorDiv,
        "%" => BinOp::Mod,
        "**" => BinOp::Pow,
        "<<" => BinOp::LShift,
        ">>" => BinOp::RShift,
        "&" => BinOp::And,
        "|" => BinOp::Or,
        "^" => BinOp::Xor,
        _ => {
            let cmp = match op {
                "<" => CmpOp::Lt,
                "<=" => CmpOp::Le,
                "==" => CmpOp::Eq,
                "!=" => CmpOp::Ne,
                ">" => CmpOp::Gt,
                ">=" => CmpOp::Ge,
                _ => panic!("unknown operator {op}"),
            };
            return compare(cmp, a, b);
        }
    };
    binary_op(bin, a, b)
}

#[test]
fn random_binary_operations_match_cpython() {
    let table = include_str!("fixtures/arith.txt");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in table.lines().filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [a, op, b, expected] = fields.as_slice() else {
            panic!("bad fixture line {line:?}");
        };
        let (x, y) = (operand(a), operand(b));
        let actual = match apply(op, &x, &y) {
            Ok(v) => v.repr(),
            Err(e) => e.to_string(),
        };
        count += 1;
        if actual != *expected {
            failures.push(format!(
                "{} {op} {}: expected {expected}, got {actual}",
                x.repr(),
                y.repr()
            ));
        }
    }
    assert_eq!(count, 600);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
