//! Robustness: thousands of pseudo-random operations, builtin calls and
//! method calls over mixed values must return values or Python errors,
//! never panic.

use py_fn_runtime::{
    binary_op, builtin_by_name, call_kw, call_method, compare, contains, delitem, dict, getattr,
    getitem, inplace_op, list, setattr, setitem, slice, truthy, tuple, unary_op, unpack, BinOp,
    CmpOp, UnaryOp, Value,
};

mod rng;
use rng::Rng;

fn pool() -> Vec<Value> {
    let int = Value::Builtin(builtin_by_name("int").expect("int"));
    let big = |t: &str| py_fn_runtime::call(&int, &[Value::str(t)]).expect("int");
    let cell = py_fn_runtime::new_cell();
    vec![
        Value::None,
        Value::Bool(true),
        Value::Bool(false),
        Value::Int(0),
        Value::Int(1),
        Value::Int(-1),
        Value::Int(3),
        Value::Int(-7),
        Value::Int(100),
        Value::Int(i64::MAX),
        Value::Int(i64::MIN),
        big("18446744073709551616"),
        big("-99999999999999999999999"),
        Value::Float(0.0),
        Value::Float(-0.0),
        Value::Float(2.5),
        Value::Float(-1e308),
        Value::Float(f64::NAN),
        Value::Float(f64::INFINITY),
        Value::str(""),
        Value::str("abc"),
        Value::str("héllo wörld"),
        Value::str("  a b  "),
        list(vec![Value::Int(1), Value::str("x"), Value::Float(2.0)]),
        list(vec![]),
        tuple(vec![Value::Int(1), Value::Int(2)]),
        tuple(vec![]),
        dict(vec![
            (Value::str("k"), Value::Int(1)),
            (Value::Int(2), Value::None),
        ])
        .expect("dict"),
        py_fn_runtime::call(
            &Value::Builtin(builtin_by_name("range").expect("range")),
            &[Value::Int(10), Value::Int(-5), Value::Int(-3)],
        )
        .expect("range"),
        slice(Value::Int(-2), Value::None, Value::Int(-1)),
        Value::Cell(cell),
        Value::Builtin(builtin_by_name("len").expect("len")),
    ]
}

const BIN: &[BinOp] = &[
    BinOp::Add,
    BinOp::Sub,
    BinOp::Mul,
    BinOp::Div,
    BinOp::FloorDiv,
    BinOp::Mod,
    BinOp::Pow,
    BinOp::MatMul,
    BinOp::LShift,
    BinOp::RShift,
    BinOp::And,
    BinOp::Or,
    BinOp::Xor,
];
const CMP: &[CmpOp] = &[
    CmpOp::Lt,
    CmpOp::Le,
    CmpOp::Eq,
    CmpOp::Ne,
    CmpOp::Gt,
    CmpOp::Ge,
];
const BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "bool",
    "callable",
    "dict",
    "divmod",
    "enumerate",
    "float",
    "hash",
    "int",
    "iter",
    "len",
    "list",
    "max",
    "min",
    "next",
    "range",
    "repr",
    "sorted",
    "str",
    "sum",
    "tuple",
    "zip",
];
const METHODS: &[&str] = &[
    "append",
    "pop",
    "extend",
    "insert",
    "index",
    "count",
    "reverse",
    "sort",
    "remove",
    "get",
    "items",
    "keys",
    "values",
    "setdefault",
    "update",
    "join",
    "split",
    "upper",
    "strip",
    "replace",
    "startswith",
    "endswith",
    "find",
    "nothing",
];
const KWNAMES: &[&str] = &["key", "reverse", "default", "start", "sep", "base", "x"];
const ATTRS: &[&str] = &[
    "cell_contents",
    "__name__",
    "start",
    "co_name",
    "append",
    "x",
];

#[test]
fn random_operations_never_panic() {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let mut results = 0usize;
    for _ in 0..20_000 {
        // Fresh containers each time: mutations must not pile up.
        let values = pool();
        let a = rng.pick(&values).clone();
        let b = rng.pick(&values).clone();
        let which = rng.next() % 14;
        if std::env::var_os("NO_PANIC_TRACE").is_some() {
            eprintln!("{which} {} {}", a.repr(), b.repr());
        }
        let outcome = match which {
            0 => binary_op(*rng.pick(BIN), &a, &b),
            1 => inplace_op(*rng.pick(BIN), &a, &b),
            2 => compare(*rng.pick(CMP), &a, &b),
            3 => unary_op(
                *rng.pick(&[UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Invert]),
                &a,
            ),
            4 => getitem(&a, &b),
            5 => setitem(&a, &b, Value::Int(0)).map(|_| Value::None),
            6 => delitem(&a, &b).map(|_| Value::None),
            7 => contains(&a, &b).map(Value::Bool),
            8 => truthy(&a).map(Value::Bool),
            9 => unpack(&a, (rng.next() % 4) as usize).map(tuple),
            10 => getattr(&a, rng.pick::<&str>(ATTRS)),
            11 => setattr(&a, rng.pick::<&str>(ATTRS), b.clone()).map(|_| Value::None),
            12 => {
                let f =
                    Value::Builtin(builtin_by_name(rng.pick::<&str>(BUILTINS)).expect("builtin"));
                let n = (rng.next() % 4) as usize;
                let args: Vec<Value> = (0..n).map(|_| rng.pick(&values).clone()).collect();
                let k = (rng.next() % 2) as usize;
                let names: Vec<&str> = (0..k.min(n)).map(|_| *rng.pick(KWNAMES)).collect();
                call_kw(&f, &args, &names)
            }
            _ => {
                let n = (rng.next() % 3) as usize;
                let args: Vec<Value> = (0..n).map(|_| rng.pick(&values).clone()).collect();
                call_method(&a, rng.pick::<&str>(METHODS), &args)
            }
        };
        if let Ok(v) = outcome {
            let _ = v.repr();
            let _ = v.to_string();
            results += 1;
        }
    }
    assert!(results > 1000, "most operations should succeed ({results})");
}
