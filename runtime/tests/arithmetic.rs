//! 600 random binary operations over ints (small and big), floats, bools
//! and sequences, against CPython 3.11's answers in `fixtures/arith.txt`
//! (written by `python3 runtime/tests/fixtures/gen_arith.py`), and edge
//! cases in `fixtures/edge.txt` (`gen_arith.py --edge`).

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

/// Runs every line of a fixture table; returns the number of lines.
fn check_table(table: &str) -> usize {
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
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    count
}

#[test]
fn random_binary_operations_match_cpython() {
    assert_eq!(check_table(include_str!("fixtures/arith.txt")), 600);
}

#[test]
fn edge_case_operations_match_cpython() {
    // Big-int true division, exact int/float comparisons, float floor
    // division and modulo signs, pow special cases, shifts, bools, sequences.
    assert_eq!(check_table(include_str!("fixtures/edge.txt")), 88);
}
