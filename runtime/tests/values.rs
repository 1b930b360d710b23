//! Values: size, reprs and strs, conversions, dict semantics, cells,
//! attribute errors and `capture_stdout`. Expected texts come from python3
//! (the command is named next to each table).

mod common;

use py_fn_runtime::{
    builtin_by_name, call, call_kw, capture_stdout, compare, dict, getattr, getitem, list, setattr,
    setitem, tuple, CmpOp, Globals, PyResult, Value,
};

fn builtin(name: &str) -> Value {
    Value::Builtin(builtin_by_name(name).expect("a builtin"))
}

fn int_text(text: &str) -> Value {
    call(&builtin("int"), &[Value::str(text)]).expect("an int")
}

fn eval_err(r: PyResult<Value>) -> String {
    match r {
        Ok(v) => v.repr(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn value_is_sixteen_bytes() {
    assert_eq!(std::mem::size_of::<Value>(), 16);
}

#[test]
fn reprs_and_strs_match_cpython() {
    let d = dict(vec![(Value::Int(1), Value::Int(2))]).expect("dict");
    let d2 = dict(vec![(Value::Int(1), Value::str("b"))]).expect("dict");
    let view = |d: &Value, m: &str| py_fn_runtime::call_method(d, m, &[]).expect("a view");
    let range = |a: &[i64]| {
        let args: Vec<Value> = a.iter().map(|&i| Value::Int(i)).collect();
        call(&builtin("range"), &args).expect("a range")
    };
    // (value, repr, str): python3 -c "for v in [...]: print(repr(v), '|', str(v))"
    let cases: Vec<(Value, &str, &str)> = vec![
        (Value::None, "None", "None"),
        (Value::Bool(true), "True", "True"),
        (Value::Int(-5), "-5", "-5"),
        (
            int_text("1267650600228229401496703205376"),
            "1267650600228229401496703205376",
            "1267650600228229401496703205376",
        ),
        (
            int_text("-18446744073709551616"),
            "-18446744073709551616",
            "-18446744073709551616",
        ),
        (Value::Float(1.0), "1.0", "1.0"),
        (Value::Float(0.1), "0.1", "0.1"),
        (Value::Float(1e16), "1e+16", "1e+16"),
        (Value::Float(1e-5), "1e-05", "1e-05"),
        (
            Value::Float(123456789.0 * 1000.0),
            "123456789000.0",
            "123456789000.0",
        ),
        (Value::Float(-0.0), "-0.0", "-0.0"),
        (Value::Float(f64::NEG_INFINITY), "-inf", "-inf"),
        (Value::Float(f64::NAN), "nan", "nan"),
        (Value::str("it's"), "\"it's\"", "it's"),
        (Value::str("say \"hi\""), "'say \"hi\"'", "say \"hi\""),
        (Value::str("both ' \""), "'both \\' \"'", "both ' \""),
        (Value::str("\n\t\\"), "'\\n\\t\\\\'", "\n\t\\"),
        (
            list(vec![
                Value::Int(1),
                Value::str("a"),
                list(vec![Value::Int(2)]),
            ]),
            "[1, 'a', [2]]",
            "[1, 'a', [2]]",
        ),
        (tuple(vec![Value::Int(1)]), "(1,)", "(1,)"),
        (tuple(vec![]), "()", "()"),
        (
            tuple(vec![Value::str("x"), Value::Float(2.5)]),
            "('x', 2.5)",
            "('x', 2.5)",
        ),
        (
            dict(vec![
                (Value::str("a"), Value::Int(1)),
                (Value::Int(2), list(vec![Value::Int(3)])),
            ])
            .expect("dict"),
            "{'a': 1, 2: [3]}",
            "{'a': 1, 2: [3]}",
        ),
        (range(&[3]), "range(0, 3)", "range(0, 3)"),
        (range(&[1, 10, 2]), "range(1, 10, 2)", "range(1, 10, 2)"),
        (range(&[0, -5, -1]), "range(0, -5, -1)", "range(0, -5, -1)"),
        (
            py_fn_runtime::slice(Value::Int(1), Value::None, Value::None),
            "slice(1, None, None)",
            "slice(1, None, None)",
        ),
        (view(&d, "keys"), "dict_keys([1])", "dict_keys([1])"),
        (view(&d, "values"), "dict_values([2])", "dict_values([2])"),
        (
            view(&d2, "items"),
            "dict_items([(1, 'b')])",
            "dict_items([(1, 'b')])",
        ),
        (
            builtin("len"),
            "<built-in function len>",
            "<built-in function len>",
        ),
        (builtin("int"), "<class 'int'>", "<class 'int'>"),
    ];
    for (v, r, s) in cases {
        assert_eq!(v.repr(), r);
        assert_eq!(v.to_string(), s);
        assert_eq!(format!("{v:?}"), r);
    }
}

#[test]
fn self_containing_list_prints_ellipsis() {
    // python3: a = [1]; a.append(a); print(a) -> [1, [...]]
    let a = list(vec![Value::Int(1)]);
    py_fn_runtime::call_method(&a, "append", std::slice::from_ref(&a)).expect("append");
    assert_eq!(a.repr(), "[1, [...]]");
    // Break the cycle so the test does not leak.
    py_fn_runtime::call_method(&a, "pop", &[]).expect("pop");
}

#[test]
fn dict_keys_follow_python_equality() {
    // python3: d = {1: 'a'}; d[1.0] = 'b'; d[True] = 'c'; print(d, len(d)) -> {1: 'c'} 1
    let d = dict(vec![(Value::Int(1), Value::str("a"))]).expect("dict");
    setitem(&d, &Value::Float(1.0), Value::str("b")).expect("set");
    setitem(&d, &Value::Bool(true), Value::str("c")).expect("set");
    assert_eq!(d.repr(), "{1: 'c'}");
    // python3: d = {}; d[(1, 'x')] = 1; d[(1.0, 'x')] -> 1
    let d = dict(vec![]).expect("dict");
    let k1 = tuple(vec![Value::Int(1), Value::str("x")]);
    let k2 = tuple(vec![Value::Float(1.0), Value::str("x")]);
    setitem(&d, &k1, Value::Int(1)).expect("set");
    assert_eq!(getitem(&d, &k2).expect("found").repr(), "1");
    // python3: {}[[1]] -> TypeError: unhashable type: 'list'
    assert_eq!(
        eval_err(getitem(&d, &list(vec![Value::Int(1)]))),
        "TypeError: unhashable type: 'list'"
    );
    // python3: {}['zzz'] -> KeyError: 'zzz'
    assert_eq!(eval_err(getitem(&d, &Value::str("zzz"))), "KeyError: 'zzz'");
    // Insertion order survives deletion and re-insertion:
    // python3: d = {'a': 1, 'b': 2, 'c': 3}; del d['a']; d['a'] = 4; print(d)
    // -> {'b': 2, 'c': 3, 'a': 4}
    let d = dict(vec![
        (Value::str("a"), Value::Int(1)),
        (Value::str("b"), Value::Int(2)),
        (Value::str("c"), Value::Int(3)),
    ])
    .expect("dict");
    py_fn_runtime::delitem(&d, &Value::str("a")).expect("del");
    setitem(&d, &Value::str("a"), Value::Int(4)).expect("set");
    assert_eq!(d.repr(), "{'b': 2, 'c': 3, 'a': 4}");
    // python3: d = {1: 2}; for k in d: d[k + 1] = 0
    // -> RuntimeError: dictionary changed size during iteration
    let d = dict(vec![(Value::Int(1), Value::Int(2))]).expect("dict");
    let it = py_fn_runtime::iter(&d).expect("iter");
    let k = py_fn_runtime::next(&it).expect("next").expect("a key");
    setitem(&d, &Value::Int(2), k).expect("set");
    assert_eq!(
        eval_err(py_fn_runtime::next(&it).map(|v| v.unwrap_or(Value::None))),
        "RuntimeError: dictionary changed size during iteration"
    );
}

#[test]
fn big_and_small_ints_compare_and_hash_alike() {
    // python3: 2**64 == 2.0**64, hash(2**64) == hash(2.0**64), 10**20 > 1e20 -> True True False
    let big = int_text("18446744073709551616");
    assert_eq!(big, Value::Float(18446744073709551616.0));
    let d = dict(vec![(big.clone(), Value::Int(1))]).expect("dict");
    assert_eq!(
        getitem(&d, &Value::Float(18446744073709551616.0)).expect("found"),
        Value::Int(1)
    );
    let b20 = int_text("100000000000000000000");
    assert_eq!(
        compare(CmpOp::Gt, &b20, &Value::Float(1e20)).expect("cmp"),
        Value::Bool(false)
    );
    // python3: 9007199254740993 > 9007199254740992.0 -> True (exact, no rounding)
    assert_eq!(
        compare(
            CmpOp::Gt,
            &Value::Int(9007199254740993),
            &Value::Float(9007199254740992.0)
        )
        .expect("cmp"),
        Value::Bool(true)
    );
}

#[test]
fn cells_are_shared_and_report_empty_like_cpython() {
    let cell = py_fn_runtime::new_cell();
    let a = Value::Cell(cell.clone());
    let b = Value::Cell(cell.clone());
    assert!(py_fn_runtime::is(&a, &b));
    // python3: (lambda: x).__closure__[0].cell_contents on an unbound x
    // -> ValueError: Cell is empty
    assert_eq!(
        eval_err(getattr(&a, "cell_contents")),
        "ValueError: Cell is empty"
    );
    assert!(a.repr().ends_with(": empty>"), "{}", a.repr());
    setattr(&b, "cell_contents", Value::Int(7)).expect("writable");
    assert_eq!(getattr(&a, "cell_contents").expect("set").repr(), "7");
    assert!(a.repr().contains(": int object at 0x"), "{}", a.repr());
    let handle = a.as_cell().expect("a cell");
    handle.set("s");
    assert_eq!(handle.get().expect("full").repr(), "'s'");
    // python3: free variable read before assignment ->
    // NameError: cannot access free variable 'x' where it is not associated with a value in enclosing scope
    let empty = py_fn_runtime::new_cell();
    assert_eq!(
        eval_err(py_fn_runtime::cell_load(&empty, "x", py_fn_runtime::DerefKind::Free)),
        "NameError: cannot access free variable 'x' where it is not associated with a value in enclosing scope"
    );
    assert_eq!(
        eval_err(py_fn_runtime::cell_load(&empty, "x", py_fn_runtime::DerefKind::Cell)),
        "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value"
    );
}

static INNER: py_fn_runtime::CodeData = code!(
    "inner",
    "outer.<locals>.inner",
    argcount = 0,
    posonly = 0,
    kwonly = 0,
    flags = 19,
    varnames = [],
    freevars = ["x"]
);

#[test]
fn closures_share_cells_and_code_objects() {
    let g = Globals::new("__main__");
    let cell = py_fn_runtime::new_cell();
    py_fn_runtime::cell_store(&cell, Value::Int(1));
    let f1 = py_fn_runtime::make_function(&INNER, common::echo, &g, vec![cell.clone()], None, None);
    let f2 = py_fn_runtime::make_function(&INNER, common::echo, &g, vec![cell], None, None);
    let c1 = getattr(&f1, "__closure__").expect("closure");
    let c2 = getattr(&f2, "__closure__").expect("closure");
    let first = |c: &Value| getitem(c, &Value::Int(0)).expect("a cell");
    assert!(py_fn_runtime::is(&first(&c1), &first(&c2)));
    let code1 = getattr(&f1, "__code__").expect("code");
    assert!(py_fn_runtime::is(
        &code1,
        &getattr(&f1, "__code__").expect("code")
    ));
    assert!(py_fn_runtime::is(
        &code1,
        &getattr(&f2, "__code__").expect("code")
    ));
    assert_eq!(
        getattr(&code1, "co_freevars").expect("attr").repr(),
        "('x',)"
    );
    assert_eq!(getattr(&code1, "co_nlocals").expect("attr").repr(), "0");
    assert_eq!(getattr(&code1, "co_flags").expect("attr").repr(), "19");
    assert!(f1
        .repr()
        .starts_with("<function outer.<locals>.inner at 0x"));
    assert!(code1.repr().starts_with("<code object inner at 0x"));
    assert!(code1.repr().ends_with(", file \"test.py\", line 1>"));
    // python3: f.__code__.co_name = 'x' -> AttributeError: readonly attribute
    assert_eq!(
        eval_err(setattr(&code1, "co_name", Value::str("x")).map(|_| Value::None)),
        "AttributeError: readonly attribute"
    );
    // python3: f.__code__.x -> AttributeError: 'code' object has no attribute 'x'
    assert_eq!(
        eval_err(getattr(&code1, "x")),
        "AttributeError: 'code' object has no attribute 'x'"
    );
    // python3: (5).x -> AttributeError: 'int' object has no attribute 'x'
    assert_eq!(
        eval_err(getattr(&Value::Int(5), "x")),
        "AttributeError: 'int' object has no attribute 'x'"
    );
    // python3: f.__closure__ = 1 -> AttributeError: readonly attribute
    assert_eq!(
        eval_err(setattr(&f1, "__closure__", Value::Int(1)).map(|_| Value::None)),
        "AttributeError: readonly attribute"
    );
}

#[test]
fn capture_stdout_nests_and_print_uses_sep_and_end() {
    let print = builtin("print");
    let (outer, inner) = capture_stdout(|| {
        call(&print, &[Value::str("a"), Value::Int(1)]).expect("print");
        let (inner, _) = capture_stdout(|| {
            call_kw(
                &print,
                &[
                    Value::Int(1),
                    Value::Int(2),
                    Value::str("-"),
                    Value::str("!"),
                ],
                &["sep", "end"],
            )
            .expect("print")
        });
        call(&print, &[]).expect("print");
        inner
    });
    // python3: print("a", 1); print(); and print(1, 2, sep="-", end="!")
    assert_eq!(outer, "a 1\n\n");
    assert_eq!(inner, "1-2!");
    // python3: print(sep=1) -> TypeError: sep must be None or a string, not int
    assert_eq!(
        eval_err(call_kw(&print, &[Value::Int(1)], &["sep"])),
        "TypeError: sep must be None or a string, not int"
    );
}

#[test]
fn conversions_from_and_to_rust() {
    assert_eq!(
        Value::from((1, "a", 2.5, true, ())).repr(),
        "(1, 'a', 2.5, True, None)"
    );
    assert_eq!(Value::from(vec![1, 2]).repr(), "[1, 2]");
    assert_eq!(i64::try_from(&Value::Int(3)).expect("int"), 3);
    assert_eq!(f64::try_from(Value::Int(3)).expect("float"), 3.0);
    assert_eq!(String::try_from(Value::str("x")).expect("str"), "x");
    assert!(bool::try_from(Value::Int(1)).is_err());
    let err = i64::try_from(Value::str("x")).expect_err("mismatch");
    assert_eq!(err.kind(), py_fn_runtime::ExcType::TypeError);
    assert_eq!(
        Vec::<Value>::try_from(Value::from((1, 2)))
            .expect("items")
            .len(),
        2
    );
}

#[test]
fn self_containing_lists_compare_without_crashing() {
    let a = list(vec![Value::Int(1)]);
    let b = list(vec![Value::Int(1)]);
    py_fn_runtime::call_method(&a, "append", std::slice::from_ref(&a)).expect("append");
    py_fn_runtime::call_method(&b, "append", std::slice::from_ref(&b)).expect("append");
    // python3: a = [1]; a.append(a); b = [1]; b.append(b); a < b
    // -> RecursionError: maximum recursion depth exceeded in comparison
    assert_eq!(
        eval_err(compare(CmpOp::Lt, &a, &b)),
        "RecursionError: maximum recursion depth exceeded in comparison"
    );
    // CPython raises the same error for `a == b`; `==` cannot fail in this
    // runtime, so it answers False instead of overflowing the stack.
    assert!(a != b);
    py_fn_runtime::call_method(&a, "pop", &[]).expect("pop");
    py_fn_runtime::call_method(&b, "pop", &[]).expect("pop");
}

#[test]
fn a_single_inline_default_is_one_tuple_object_once_read() {
    // python3: f = lambda x, i=7: x + i; f.__defaults__ == (7,) and
    // f.__defaults__ is f.__defaults__ -> True; f(1) == 8.
    let g = Globals::new("__main__");
    let f = py_fn_runtime::make_function(
        &INNER,
        common::echo,
        &g,
        vec![py_fn_runtime::new_cell()],
        py_fn_runtime::Defaults::One(Value::Int(7)),
        None,
    );
    let d1 = getattr(&f, "__defaults__").expect("defaults");
    let d2 = getattr(&f, "__defaults__").expect("defaults");
    assert_eq!(d1.repr(), "(7,)");
    assert!(py_fn_runtime::is(&d1, &d2));
}
