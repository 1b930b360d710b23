//! Argument binding: every TypeError form of CPython 3.11's
//! `initialize_locals`, with texts from python3.

mod common;

use py_fn_runtime::{call_kw, make_function, tuple, CodeData, Globals, PyResult, Value};

static F: CodeData = code!(
    "f",
    "f",
    argcount = 2,
    posonly = 0,
    kwonly = 0,
    flags = 3,
    varnames = ["a", "b"],
    freevars = []
);
static G: CodeData = code!(
    "g",
    "g",
    argcount = 3,
    posonly = 0,
    kwonly = 0,
    flags = 3,
    varnames = ["a", "b", "c"],
    freevars = []
);
static H: CodeData = code!(
    "h",
    "h",
    argcount = 3,
    posonly = 0,
    kwonly = 0,
    flags = 3,
    varnames = ["a", "b", "c"],
    freevars = []
);
static K: CodeData = code!(
    "k",
    "k",
    argcount = 2,
    posonly = 1,
    kwonly = 2,
    flags = 3,
    varnames = ["a", "b", "c", "d"],
    freevars = []
);
static V: CodeData = code!(
    "v",
    "v",
    argcount = 1,
    posonly = 0,
    kwonly = 1,
    flags = 15,
    varnames = ["a", "b", "args", "kw"],
    freevars = []
);
static P: CodeData = code!(
    "p",
    "p",
    argcount = 1,
    posonly = 1,
    kwonly = 0,
    flags = 11,
    varnames = ["a", "kw"],
    freevars = []
);
static ONE: CodeData = code!(
    "one",
    "one",
    argcount = 1,
    posonly = 0,
    kwonly = 0,
    flags = 3,
    varnames = ["x"],
    freevars = []
);
static ZERO: CodeData = code!(
    "zero",
    "zero",
    argcount = 0,
    posonly = 0,
    kwonly = 0,
    flags = 3,
    varnames = [],
    freevars = []
);
static KK: CodeData = code!(
    "kk",
    "kk",
    argcount = 0,
    posonly = 0,
    kwonly = 2,
    flags = 3,
    varnames = ["c", "d"],
    freevars = []
);
static INNER: CodeData = code!(
    "inner",
    "outer.<locals>.inner",
    argcount = 1,
    posonly = 0,
    kwonly = 0,
    flags = 19,
    varnames = ["x"],
    freevars = []
);

fn kwdefaults(pairs: &[(&'static str, i64)]) -> Option<Value> {
    let pairs = pairs
        .iter()
        .map(|(k, v)| (Value::str_static(k), Value::Int(*v)))
        .collect();
    Some(py_fn_runtime::dict(pairs).expect("str keys"))
}

fn function(name: &str) -> Value {
    let g = Globals::new("__main__");
    let (code, defaults, kwd): (&'static CodeData, _, _) = match name {
        "f" => (&F, None, None),
        "g" => (&G, Some(tuple(vec![Value::Int(2), Value::Int(3)])), None),
        "h" => (&H, None, None),
        "k" => (&K, None, kwdefaults(&[("d", 4)])),
        "v" => (&V, None, kwdefaults(&[("b", 1)])),
        "p" => (&P, None, None),
        "one" => (&ONE, None, None),
        "zero" => (&ZERO, None, None),
        "kk" => (&KK, None, None),
        "inner" => (&INNER, None, None),
        _ => panic!("no function {name}"),
    };
    make_function(code, common::echo, &g, Vec::new(), defaults, kwd)
}

/// Runs a call written as `name(1, 2, c=3)` (integer arguments only).
fn run(call: &str) -> PyResult<Value> {
    let (name, rest) = call.split_once('(').expect("a call");
    let inner = rest.strip_suffix(')').expect("a call");
    let mut args = Vec::new();
    let mut kwargs = Vec::new();
    for part in inner.split(", ").filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some((k, v)) => kwargs.push((k, Value::Int(v.parse().expect("int")))),
            None => args.push(Value::Int(part.parse().expect("int"))),
        }
    }
    let names: Vec<&str> = kwargs.iter().map(|(k, _)| *k).collect();
    args.extend(kwargs.into_iter().map(|(_, v)| v));
    call_kw(&function(name), &args, &names)
}

// Expected lines: `python3 /tmp/bind.py` with the same definitions
// (def f(a, b), def g(a, b=2, c=3), def h(a, b, c), def k(a, /, b, *, c, d=4),
// def v(a, *args, b=1, **kw), def p(a, /, **kw), def one(x), def zero(),
// def kk(*, c, d), and outer.<locals>.inner(x)), each call printed as
// `call -> repr(result)` or `call => TypeError: message`.
const EXPECTED: &str = "\
f(1) => TypeError: f() missing 1 required positional argument: 'b'
f() => TypeError: f() missing 2 required positional arguments: 'a' and 'b'
f(1, 2, 3) => TypeError: f() takes 2 positional arguments but 3 were given
f(1, a=2) => TypeError: f() got multiple values for argument 'a'
f(1, c=2) => TypeError: f() got an unexpected keyword argument 'c'
f(b=2, a=1) -> (1, 2)
g() => TypeError: g() missing 1 required positional argument: 'a'
g(1, 2, 3, 4) => TypeError: g() takes from 1 to 3 positional arguments but 4 were given
g(1) -> (1, 2, 3)
g(1, c=9) -> (1, 2, 9)
h() => TypeError: h() missing 3 required positional arguments: 'a', 'b', and 'c'
h(1) => TypeError: h() missing 2 required positional arguments: 'b' and 'c'
k(a=1, b=2, c=3) => TypeError: k() got some positional-only arguments passed as keyword arguments: 'a'
k(1, 2) => TypeError: k() missing 1 required keyword-only argument: 'c'
k(1, 2, 3) => TypeError: k() takes 2 positional arguments but 3 were given
k(1, 2, 3, c=5) => TypeError: k() takes 2 positional arguments but 3 positional arguments (and 1 keyword-only argument) were given
k(1, b=2, c=3) -> (1, 2, 3, 4)
k(1, 2, c=3, d=5) -> (1, 2, 3, 5)
k(1, 2, c=3, e=5) => TypeError: k() got an unexpected keyword argument 'e'
v(1, 2, 3, b=5, z=6) -> (1, 5, (2, 3), {'z': 6})
v() => TypeError: v() missing 1 required positional argument: 'a'
v(1, a=2) => TypeError: v() got multiple values for argument 'a'
v(1) -> (1, 1, (), {})
p(1, a=2) -> (1, {'a': 2})
p(a=2) => TypeError: p() missing 1 required positional argument: 'a'
one(1, 2) => TypeError: one() takes 1 positional argument but 2 were given
zero(1) => TypeError: zero() takes 0 positional arguments but 1 was given
zero(1, 2) => TypeError: zero() takes 0 positional arguments but 2 were given
kk() => TypeError: kk() missing 2 required keyword-only arguments: 'c' and 'd'
kk(1) => TypeError: kk() takes 0 positional arguments but 1 was given
kk(c=1) => TypeError: kk() missing 1 required keyword-only argument: 'd'
kk(1, c=2) => TypeError: kk() takes 0 positional arguments but 1 positional argument (and 1 keyword-only argument) were given
inner() => TypeError: outer.<locals>.inner() missing 1 required positional argument: 'x'
inner(1, 2) => TypeError: outer.<locals>.inner() takes 1 positional argument but 2 were given
inner(y=1) => TypeError: outer.<locals>.inner() got an unexpected keyword argument 'y'
";

#[test]
fn every_binding_error_matches_cpython() {
    let mut failures = Vec::new();
    for line in EXPECTED.lines() {
        let (call, expected) = match line.split_once(" -> ") {
            Some((c, e)) => (c, e.to_string()),
            None => {
                let (c, e) = line.split_once(" => ").expect("an expected line");
                (c, e.to_string())
            }
        };
        let actual = match run(call) {
            Ok(v) => v.repr(),
            Err(e) => e.to_string(),
        };
        if actual != expected {
            failures.push(format!("{call}: expected {expected}, got {actual}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn qualname_in_errors_follows_assignment_like_cpython() {
    // python3: def g(a, b): pass; g.__qualname__ = 'zz'; g(1, 2, 3)
    // -> TypeError: zz() takes 2 positional arguments but 3 were given
    let f = function("f");
    py_fn_runtime::setattr(&f, "__qualname__", Value::str("zz")).expect("settable");
    let err = py_fn_runtime::call(&f, &[Value::Int(1), Value::Int(2), Value::Int(3)])
        .expect_err("too many");
    assert_eq!(
        err.to_string(),
        "TypeError: zz() takes 2 positional arguments but 3 were given"
    );
}

#[test]
fn defaults_assigned_later_are_used_like_cpython() {
    // python3: def f(a, b): return (a, b); f.__defaults__ = (9,); f(1) -> (1, 9)
    let f = function("f");
    py_fn_runtime::setattr(&f, "__defaults__", tuple(vec![Value::Int(9)])).expect("tuple");
    assert_eq!(
        py_fn_runtime::call(&f, &[Value::Int(1)])
            .expect("bound")
            .repr(),
        "(1, 9)"
    );
    // python3: f.__defaults__ = 1 -> TypeError: __defaults__ must be set to a tuple object
    let err = py_fn_runtime::setattr(&f, "__defaults__", Value::Int(1)).expect_err("not a tuple");
    assert_eq!(
        err.to_string(),
        "TypeError: __defaults__ must be set to a tuple object"
    );
}

#[test]
fn rust_calls_with_tuples_and_keywords() {
    let f = function("f");
    let func = f.as_function().expect("a function");
    assert_eq!(func.call((1, "x")).expect("ok").repr(), "(1, 'x')");
    assert_eq!(
        func.call_kw((1,), &[("b", Value::from(2.5))])
            .expect("ok")
            .repr(),
        "(1, 2.5)"
    );
    assert_eq!(func.name(), "f");
    assert_eq!(func.qualname(), "f");
}

#[test]
fn recursion_limit_raises_recursion_error() {
    static DEEP: CodeData = code!(
        "deep",
        "deep",
        argcount = 1,
        posonly = 0,
        kwonly = 0,
        flags = 3,
        varnames = ["n"],
        freevars = []
    );
    fn deep(f: &py_fn_runtime::Function, args: &[Value]) -> PyResult<Value> {
        let g = f.globals();
        let me = py_fn_runtime::load_global(g, "deep")?;
        let n = args.first().cloned().unwrap_or(Value::None);
        let next = py_fn_runtime::binary_op(py_fn_runtime::BinOp::Add, &n, &Value::Int(1))?;
        py_fn_runtime::store_global(g, "depth", next.clone());
        py_fn_runtime::call(&me, &[next])
    }
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let g = Globals::new("__main__");
            let f = make_function(&DEEP, deep, &g, Vec::new(), None, None);
            py_fn_runtime::store_global(&g, "deep", f.clone());
            let err = py_fn_runtime::call(&f, &[Value::Int(0)]).expect_err("too deep");
            let depth = py_fn_runtime::load_global(&g, "depth").expect("set");
            (err.to_string(), depth.repr())
        })
        .expect("thread");
    let (err, depth) = handle.join().expect("no panic");
    // python3: a recursive f() counting its calls from module level stops
    // at 999 with "RecursionError: maximum recursion depth exceeded".
    assert_eq!(err, "RecursionError: maximum recursion depth exceeded");
    assert_eq!(depth, "999");
}

#[test]
fn function_without_native_body_runs_its_bytecode_which_is_verified_first() {
    // No native body: the interpreter runs `co_code`, which is empty here,
    // so the verifier rejects it with a SystemError instead of crashing.
    let g = Globals::new("__main__");
    let f = py_fn_runtime::Function::new(&ONE, None, &g, Vec::new(), None, None);
    let err = f.call((1,)).expect_err("no bytecode to run");
    assert_eq!(err.kind(), py_fn_runtime::ExcType::SystemError);
    assert_eq!(
        err.to_string(),
        "SystemError: invalid code object 'one': co_code is empty"
    );
}
