//! Builtins, methods, subscripts, `in`, unpacking and unary operators:
//! results and error texts against python3 (each expected line was printed
//! by python3 3.11.7 for the Python expression in the comment next to it).

use py_fn_runtime::{
    builtin_by_name, call, call_kw, call_method, contains, delitem, getitem, inplace_op, list,
    setitem, slice, tuple, unary_op, unpack, BinOp, PyResult, UnaryOp, Value,
};

fn i(x: i64) -> Value {
    Value::Int(x)
}
fn s(x: &str) -> Value {
    Value::str(x)
}
fn f(x: f64) -> Value {
    Value::Float(x)
}
fn l(items: Vec<Value>) -> Value {
    list(items)
}
fn b(name: &str, args: &[Value]) -> PyResult<Value> {
    call(
        &Value::Builtin(builtin_by_name(name).expect("builtin")),
        args,
    )
}
fn bk(name: &str, args: &[Value], kw: &[&str]) -> PyResult<Value> {
    call_kw(
        &Value::Builtin(builtin_by_name(name).expect("builtin")),
        args,
        kw,
    )
}
fn big(text: &str) -> Value {
    b("int", &[s(text)]).expect("int")
}
fn show(r: PyResult<Value>) -> String {
    match r {
        Ok(v) => v.repr(),
        Err(e) => e.to_string(),
    }
}
fn unit(r: PyResult<()>) -> PyResult<Value> {
    r.map(|_| Value::None)
}
fn ints(xs: &[i64]) -> Value {
    l(xs.iter().map(|&x| i(x)).collect())
}

#[test]
fn builtins_match_cpython() {
    let abs = Value::Builtin(builtin_by_name("abs").expect("abs"));
    let len = Value::Builtin(builtin_by_name("len").expect("len"));
    let words = || l(vec![s("bb"), s("a"), s("cc"), s("d")]);
    let cases: Vec<(PyResult<Value>, &str)> = vec![
        (b("len", &[i(5)]), "TypeError: object of type 'int' has no len()"), // len(5)
        (b("len", &[]), "TypeError: len() takes exactly one argument (0 given)"), // len()
        (bk("len", &[i(1)], &["x"]), "TypeError: len() takes no keyword arguments"), // len(x=1)
        (b("len", &[s("héllo")]), "5"), // len('héllo')
        (b("range", &[]), "TypeError: range expected at least 1 argument, got 0"), // range()
        (b("range", &[i(1), i(2), i(3), i(4)]), "TypeError: range expected at most 3 arguments, got 4"),
        (b("range", &[f(1.5)]), "TypeError: 'float' object cannot be interpreted as an integer"),
        (b("range", &[i(1), i(2), i(0)]), "ValueError: range() arg 3 must not be zero"),
        (b("list", &[b("range", &[i(10), i(0), i(-3)]).expect("range")]), "[10, 7, 4, 1]"),
        (b("int", &[s("abc")]), "ValueError: invalid literal for int() with base 10: 'abc'"),
        (b("int", &[s("")]), "ValueError: invalid literal for int() with base 10: ''"),
        (b("int", &[s(" 42 ")]), "42"),
        (b("int", &[s("1_000")]), "1000"),
        (b("int", &[s("+7")]), "7"),
        (b("int", &[s("7.5")]), "ValueError: invalid literal for int() with base 10: '7.5'"),
        (b("int", &[s("٣")]), "3"),
        (b("int", &[f(f64::NAN)]), "ValueError: cannot convert float NaN to integer"),
        (b("int", &[f(f64::INFINITY)]), "OverflowError: cannot convert float infinity to integer"),
        (b("int", &[f(3.99)]), "3"),
        (b("int", &[f(-0.5)]), "0"),
        (b("int", &[Value::Bool(true)]), "1"),
        (b("int", &[f(1e20)]), "100000000000000000000"), // int(1e20)
        (b("int", &[s("12"), i(1)]), "ValueError: int() base must be >= 2 and <= 36, or 0"),
        (b("int", &[s("0x10"), i(16)]), "16"),
        (b("int", &[s("0x10"), i(0)]), "16"),
        (b("int", &[s("010"), i(0)]), "ValueError: invalid literal for int() with base 0: '010'"),
        (b("int", &[s("z"), i(36)]), "35"),
        (b("int", &[f(3.5), i(10)]), "TypeError: int() can't convert non-string with explicit base"),
        (b("int", &[l(vec![])]), "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'"),
        (b("float", &[s("abc")]), "ValueError: could not convert string to float: 'abc'"),
        (b("float", &[s("1e500")]), "inf"),
        (b("float", &[s("  -1.5e3 ")]), "-1500.0"),
        (b("float", &[s("1_000.5")]), "1000.5"),
        (b("float", &[s("_1")]), "ValueError: could not convert string to float: '_1'"),
        (b("float", &[s("infinity")]), "inf"),
        (b("float", &[s("-nan")]), "nan"),
        (b("float", &[s(".5")]), "0.5"),
        (b("float", &[s("5.")]), "5.0"),
        (b("float", &[s("1e")]), "ValueError: could not convert string to float: '1e'"),
        (b("float", &[big("1".repeat(400).as_str())]), "OverflowError: int too large to convert to float"),
        (b("float", &[l(vec![])]), "TypeError: float() argument must be a string or a real number, not 'list'"),
        (b("float", &[Value::Bool(true)]), "1.0"),
        (b("bool", &[i(1), i(2)]), "TypeError: bool expected at most 1 argument, got 2"),
        (b("bool", &[l(vec![])]), "False"),
        (b("str", &[big("18446744073709551616")]), "'18446744073709551616'"),
        (b("str", &[i(1), i(2), i(3), i(4)]), "TypeError: str() takes at most 3 arguments (4 given)"),
        (b("tuple", &[s("ab")]), "('a', 'b')"),
        (b("max", &[l(vec![])]), "ValueError: max() arg is an empty sequence"),
        (b("min", &[l(vec![])]), "ValueError: min() arg is an empty sequence"),
        (b("max", &[]), "TypeError: max expected at least 1 argument, got 0"),
        (bk("max", &[i(1), i(2), i(0)], &["default"]), "TypeError: Cannot specify a default for max() with multiple positional arguments"),
        (bk("max", &[l(vec![]), i(7)], &["default"]), "7"),
        (b("max", &[l(vec![i(3), i(1), f(3.0)])]), "3"),
        (bk("min", &[i(-3), i(2), abs.clone()], &["key"]), "2"),
        (bk("max", &[i(-3), i(2), abs.clone()], &["key"]), "-3"),
        (b("max", &[i(1)]), "TypeError: 'int' object is not iterable"),
        (b("sorted", &[l(vec![i(1), s("a")])]), "TypeError: '<' not supported between instances of 'str' and 'int'"),
        (bk("sorted", &[ints(&[3, 1, 2]), Value::Bool(true)], &["reverse"]), "[3, 2, 1]"),
        (bk("sorted", &[words(), len.clone()], &["key"]), "['a', 'd', 'bb', 'cc']"),
        (bk("sorted", &[words(), len.clone(), Value::Bool(true)], &["key", "reverse"]), "['bb', 'cc', 'a', 'd']"),
        (b("sum", &[l(vec![s("a"), s("b")])]), "TypeError: unsupported operand type(s) for +: 'int' and 'str'"),
        (b("sum", &[l(vec![s("a")]), s("")]), "TypeError: sum() can't sum strings [use ''.join(seq) instead]"),
        (b("sum", &[l(vec![f(0.1); 10])]), "0.9999999999999999"),
        (b("sum", &[l(vec![f(0.5), f(0.25)]), i(10)]), "10.75"),
        (b("sum", &[]), "TypeError: sum() takes at least 1 positional argument (0 given)"),
        (b("enumerate", &[]), "TypeError: enumerate() missing required argument 'iterable'"),
        (b("list", &[b("enumerate", &[s("xy"), i(1)]).expect("enumerate")]), "[(1, 'x'), (2, 'y')]"),
        (b("list", &[b("zip", &[ints(&[1, 2, 3]), s("ab")]).expect("zip")]), "[(1, 'a'), (2, 'b')]"),
        (b("zip", &[i(1)]), "TypeError: 'int' object is not iterable"),
        (b("dict", &[ints(&[1])]), "TypeError: cannot convert dictionary update sequence element #0 to a sequence"),
        (b("dict", &[l(vec![tuple(vec![i(1), i(2), i(3)])])]), "ValueError: dictionary update sequence element #0 has length 3; 2 is required"),
        (bk("dict", &[l(vec![tuple(vec![s("a"), i(1)])]), i(2)], &["b"]), "{'a': 1, 'b': 2}"),
        (b("abs", &[s("a")]), "TypeError: bad operand type for abs(): 'str'"),
        (b("abs", &[big("-1180591620717411303424")]), "1180591620717411303424"),
        (b("abs", &[Value::Bool(true)]), "1"),
        (b("callable", std::slice::from_ref(&len)), "True"),
        (b("callable", &[i(5)]), "False"),
        (b("next", &[b("iter", &[l(vec![])]).expect("iter")]), "StopIteration"),
        (b("next", &[b("iter", &[l(vec![])]).expect("iter"), i(5)]), "5"),
        (bk("print", &[i(1)], &["foo"]), "TypeError: 'foo' is an invalid keyword argument for print()"),
        (b("divmod", &[i(7), i(-2)]), "(-4, -1)"),
        (b("divmod", &[f(-7.5), i(2)]), "(-4.0, 0.5)"),
        (call(&i(1), &[]), "TypeError: 'int' object is not callable"),
    ];
    let failures: Vec<String> = cases
        .into_iter()
        .enumerate()
        .filter_map(|(n, (r, want))| {
            let got = show(r);
            (got != want).then(|| format!("case {n}: expected {want}, got {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn methods_match_cpython() {
    let cases: Vec<(PyResult<Value>, &str)> = vec![
        (
            call_method(&l(vec![]), "pop", &[]),
            "IndexError: pop from empty list",
        ),
        (
            call_method(&ints(&[1]), "pop", &[i(5)]),
            "IndexError: pop index out of range",
        ),
        (
            call_method(&py_fn_runtime::dict(vec![]).expect("d"), "pop", &[s("x")]),
            "KeyError: 'x'",
        ),
        (
            call_method(&ints(&[1]), "index", &[i(5)]),
            "ValueError: 5 is not in list",
        ),
        (
            call_method(&l(vec![]), "append", &[]),
            "TypeError: list.append() takes exactly one argument (0 given)",
        ),
        (
            call_method(&l(vec![]), "pop", &[i(1), i(2)]),
            "TypeError: pop expected at most 1 argument, got 2",
        ),
        (
            call_method(&l(vec![]), "insert", &[i(1)]),
            "TypeError: insert expected 2 arguments, got 1",
        ),
        (
            call_method(&l(vec![]), "reverse", &[i(1)]),
            "TypeError: list.reverse() takes no arguments (1 given)",
        ),
        (
            call_method(&l(vec![]), "sort", &[i(1)]),
            "TypeError: sort() takes no positional arguments",
        ),
        (
            call_method(&ints(&[1]), "remove", &[i(5)]),
            "ValueError: list.remove(x): x not in list",
        ),
        (
            call_method(&ints(&[1]), "insert", &[s("a"), i(1)]),
            "TypeError: 'str' object cannot be interpreted as an integer",
        ),
        (
            call_method(
                &py_fn_runtime::dict(vec![]).expect("d"),
                "get",
                &[i(1), i(2), i(3)],
            ),
            "TypeError: get expected at most 2 arguments, got 3",
        ),
        (
            call_method(&py_fn_runtime::dict(vec![]).expect("d"), "items", &[i(1)]),
            "TypeError: dict.items() takes no arguments (1 given)",
        ),
        (
            py_fn_runtime::call_kw(
                &py_fn_runtime::getattr(&py_fn_runtime::dict(vec![]).expect("d"), "get")
                    .expect("m"),
                &[i(1)],
                &["x"],
            ),
            "TypeError: dict.get() takes no keyword arguments",
        ),
        (
            call_method(&s(""), "join", &[]),
            "TypeError: str.join() takes exactly one argument (0 given)",
        ),
        (
            call_method(&s("abc"), "join", &[ints(&[1])]),
            "TypeError: sequence item 0: expected str instance, int found",
        ),
        (
            call_method(&s("a"), "split", &[s("")]),
            "ValueError: empty separator",
        ),
        (
            call_method(&s(""), "split", &[i(1)]),
            "TypeError: must be str or None, not int",
        ),
        (
            call_method(&s(""), "strip", &[i(1)]),
            "TypeError: strip arg must be None or str",
        ),
        (
            call_method(&s("a"), "replace", &[i(1), i(2)]),
            "TypeError: replace() argument 1 must be str, not int",
        ),
        (
            call_method(&s(""), "startswith", &[i(1)]),
            "TypeError: startswith first arg must be str or a tuple of str, not int",
        ),
        (
            py_fn_runtime::call_kw(
                &py_fn_runtime::getattr(&l(vec![]), "append").expect("m"),
                &[i(1)],
                &["x"],
            ),
            "TypeError: list.append() takes no keyword arguments",
        ),
        (
            call_method(&s("  a b  c "), "split", &[]),
            "['a', 'b', 'c']",
        ),
        (
            call_method(&s("a,b,,c"), "split", &[s(",")]),
            "['a', 'b', '', 'c']",
        ),
        (
            call_method(&s("a b c"), "split", &[Value::None, i(1)]),
            "['a', 'b c']",
        ),
        (
            py_fn_runtime::call_kw(
                &py_fn_runtime::getattr(&s(" a b "), "split").expect("m"),
                &[i(1)],
                &["maxsplit"],
            ),
            "['a', 'b ']",
        ),
        (
            call_method(&s("a,b,c"), "split", &[s(","), i(1)]),
            "['a', 'b,c']",
        ),
        (call_method(&s("xxhixx"), "strip", &[s("x")]), "'hi'"),
        (call_method(&s("Hello"), "upper", &[]), "'HELLO'"),
        (
            call_method(&s("ab"), "startswith", &[tuple(vec![s("x"), s("a")])]),
            "True",
        ),
        (call_method(&s("abc"), "endswith", &[s("bc")]), "True"),
        (
            call_method(&s("aXbXc"), "replace", &[s("X"), s("-"), i(1)]),
            "'a-bXc'",
        ),
    ];
    let failures: Vec<String> = cases
        .into_iter()
        .enumerate()
        .filter_map(|(n, (r, want))| {
            let got = show(r);
            (got != want).then(|| format!("case {n}: expected {want}, got {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn subscripts_membership_unpacking_and_unary_match_cpython() {
    let five = || ints(&[0, 1, 2, 3, 4]);
    let range =
        |a: &[i64]| b("range", &a.iter().map(|&x| i(x)).collect::<Vec<_>>()).expect("range");
    let xs = ints(&[1, 2]);
    let grown = xs.clone();
    inplace_op(BinOp::Add, &xs, &tuple(vec![i(3)])).expect("+=");
    let doubled = ints(&[1, 2]);
    inplace_op(BinOp::Mul, &doubled, &i(2)).expect("*=");
    let spliced = ints(&[1, 2, 3, 4, 5]);
    setitem(&spliced, &slice(i(1), i(3), Value::None), l(vec![s("a")])).expect("slice set");
    let thinned = spliced.clone();
    let thinned_shown = {
        delitem(&thinned, &slice(Value::None, Value::None, i(2))).expect("slice del");
        thinned.repr()
    };
    let cases: Vec<(PyResult<Value>, &str)> = vec![
        (
            getitem(&ints(&[1]), &i(5)),
            "IndexError: list index out of range",
        ), // [1][5]
        (
            getitem(&tuple(vec![i(1)]), &i(5)),
            "IndexError: tuple index out of range",
        ),
        (
            getitem(&s("a"), &i(5)),
            "IndexError: string index out of range",
        ),
        (
            getitem(&ints(&[1]), &s("a")),
            "TypeError: list indices must be integers or slices, not str",
        ),
        (
            getitem(&tuple(vec![i(1)]), &s("a")),
            "TypeError: tuple indices must be integers or slices, not str",
        ),
        (
            getitem(&s("a"), &s("a")),
            "TypeError: string indices must be integers, not 'str'",
        ),
        (
            getitem(&i(5), &i(0)),
            "TypeError: 'int' object is not subscriptable",
        ),
        (
            getitem(&ints(&[1]), &big("1000000000000000000000000000000")),
            "IndexError: cannot fit 'int' into an index-sized integer",
        ),
        (
            getitem(&ints(&[1, 2]), &slice(Value::None, Value::None, i(0))),
            "ValueError: slice step cannot be zero",
        ),
        (
            getitem(&ints(&[1, 2]), &slice(s("a"), Value::None, Value::None)),
            "TypeError: slice indices must be integers or None or have an __index__ method",
        ),
        (
            unit(setitem(&tuple(vec![i(1)]), &i(0), i(1))),
            "TypeError: 'tuple' object does not support item assignment",
        ),
        (
            unit(setitem(&s("a"), &i(0), i(1))),
            "TypeError: 'str' object does not support item assignment",
        ),
        (
            unit(setitem(&ints(&[1]), &i(5), i(1))),
            "IndexError: list assignment index out of range",
        ),
        (
            unit(delitem(&tuple(vec![i(1)]), &i(0))),
            "TypeError: 'tuple' object doesn't support item deletion",
        ),
        (
            unit(delitem(&ints(&[1]), &i(5))),
            "IndexError: list assignment index out of range",
        ),
        (
            unit(setitem(
                &ints(&[1, 2, 3]),
                &slice(Value::None, Value::None, i(2)),
                ints(&[1]),
            )),
            "ValueError: attempt to assign sequence of size 1 to extended slice of size 2",
        ),
        (
            getitem(&five(), &slice(Value::None, Value::None, i(-2))),
            "[4, 2, 0]",
        ),
        (
            getitem(&s("hello"), &slice(i(1), i(-1), Value::None)),
            "'ell'",
        ),
        (
            getitem(&s("héllo"), &slice(Value::None, Value::None, i(-1))),
            "'olléh'",
        ),
        (getitem(&s("héllo"), &i(1)), "'é'"),
        (
            getitem(&five(), &slice(i(-100), i(2), Value::None)),
            "[0, 1]",
        ),
        (
            getitem(&range(&[10]), &slice(i(2), i(8), i(3))),
            "range(2, 8, 3)",
        ),
        (getitem(&range(&[10]), &i(-1)), "9"),
        (
            contains(&i(5), &i(1)).map(Value::Bool),
            "TypeError: argument of type 'int' is not iterable",
        ),
        (
            contains(&s("abc"), &i(1)).map(Value::Bool),
            "TypeError: 'in <string>' requires string as left operand, not int",
        ),
        (
            contains(&range(&[0, 10, 3]), &i(3)).map(Value::Bool),
            "True",
        ),
        (
            contains(&range(&[0, 10, 3]), &i(4)).map(Value::Bool),
            "False",
        ),
        (
            contains(&range(&[0, -10, -3]), &i(-3)).map(Value::Bool),
            "True",
        ),
        (
            contains(&range(&[0, -10, -3]), &i(0)).map(Value::Bool),
            "True",
        ),
        (
            contains(&range(&[0, -10, -3]), &i(-10)).map(Value::Bool),
            "False",
        ),
        (
            unpack(&ints(&[1, 2, 3]), 2).map(tuple),
            "ValueError: too many values to unpack (expected 2)",
        ),
        (
            unpack(&ints(&[1, 2]), 3).map(tuple),
            "ValueError: not enough values to unpack (expected 3, got 2)",
        ),
        (
            unpack(&i(5), 2).map(tuple),
            "TypeError: cannot unpack non-iterable int object",
        ),
        (unpack(&s("ab"), 2).map(tuple), "('a', 'b')"),
        (
            unary_op(UnaryOp::Neg, &s("a")),
            "TypeError: bad operand type for unary -: 'str'",
        ),
        (
            unary_op(UnaryOp::Invert, &f(1.5)),
            "TypeError: bad operand type for unary ~: 'float'",
        ),
        (
            unary_op(UnaryOp::Pos, &s("a")),
            "TypeError: bad operand type for unary +: 'str'",
        ),
        (unary_op(UnaryOp::Neg, &i(i64::MIN)), "9223372036854775808"),
        (unary_op(UnaryOp::Invert, &Value::Bool(true)), "-2"),
        (unary_op(UnaryOp::Neg, &Value::Bool(true)), "-1"),
        (unary_op(UnaryOp::Pos, &Value::Bool(true)), "1"),
        (Ok(grown), "[1, 2, 3]"),
        (Ok(doubled), "[1, 2, 1, 2]"),
        (Ok(spliced), "['a', 5]"),
    ];
    assert_eq!(thinned_shown, "['a', 5]");
    let failures: Vec<String> = cases
        .into_iter()
        .enumerate()
        .filter_map(|(n, (r, want))| {
            let got = show(r);
            (got != want).then(|| format!("case {n}: expected {want}, got {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Methods of builtin types called through the type, as python3 prints
/// them: `sorted(['b', 'A', 'c'], key=str.lower)`, `list.append(l, 3)`,
/// and the two errors of a missing or wrongly typed receiver.
#[test]
fn methods_of_builtin_types_called_through_the_type() {
    let str_type = Value::Builtin(builtin_by_name("str").expect("str"));
    let lower = py_fn_runtime::getattr(&str_type, "lower").unwrap();
    assert_eq!(lower.repr(), "<method 'lower' of 'str' objects>");
    assert_eq!(
        call(&lower, &[Value::str("AbC")]).unwrap().to_string(),
        "abc"
    );
    let list_type = Value::Builtin(builtin_by_name("list").expect("list"));
    let append = py_fn_runtime::getattr(&list_type, "append").unwrap();
    assert_eq!(
        call(&append, &[]).unwrap_err().to_string(),
        "TypeError: unbound method list.append() needs an argument"
    );
    assert_eq!(
        call(&lower, &[Value::Int(5)]).unwrap_err().to_string(),
        "TypeError: descriptor 'lower' for 'str' objects doesn't apply to a 'int' object"
    );
    let l = py_fn_runtime::list(vec![]);
    call(&append, &[l.clone(), Value::Int(3)]).unwrap();
    assert_eq!(l.repr(), "[3]");
}
