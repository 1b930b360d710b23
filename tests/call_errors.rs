//! `f(*args, **kwargs)` errors with CPython's texts, which name the callee
//! (`__main__.f()`, `len()`, `list.append()`). Expected texts: python3 3.11.7
//! running the same functions (`python3 -c` with the block below, then
//! `print(repr(e))` for each `tN()`).

mod python {
    py_fn::py_fn! {
        def f(*a, **k):
            return a, k

        def t_dup_star_star():
            return f(**{'a': 1}, **{'a': 2})

        def t_dup_after_star_star():
            return f(**{'a': 1}, a=2)

        def t_dup_before_star_star():
            return f(a=2, **{'a': 1})

        def t_not_mapping():
            return f(**{'a': 1}, **5)

        def t_not_iterable():
            return f(*5, **{'a': 1})

        def t_lambda_not_iterable():
            return (lambda: 0)(*5)

        def t_value_after_star():
            return f(1, *5)

        def t_builtin():
            return len(*5)

        def t_method():
            return [].append(**{'a': 1}, **{'a': 1})

        def t_not_strings():
            return f(**{'a': 1}, **{2: 2})

        def t_int_key_dup():
            return f(**{1: 2}, **{1: 3})

        def t_not_callable():
            return [1](**True)

        def t_ok():
            return f(1, *[2, 3], **{'a': 1}, b=2, **{'c': 3})
    }
}

fn error_of(result: py_fn::PyResult<py_fn::Value>) -> String {
    match result {
        Ok(v) => panic!("no error: {}", v.repr()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn call_ex_errors_name_the_callee_as_cpython_does() {
    // The items import the module as `python` (the Rust module's name), so
    // CPython's texts name `python.f()`: python3 -c "import python; ..."
    // with the block above saved as python.py gives exactly these.
    let cases: [(py_fn::PyResult<py_fn::Value>, &str); 12] = [
        (
            python::t_dup_star_star.call(()),
            "TypeError: python.f() got multiple values for keyword argument 'a'",
        ),
        (
            python::t_dup_after_star_star.call(()),
            "TypeError: python.f() got multiple values for keyword argument 'a'",
        ),
        (
            python::t_dup_before_star_star.call(()),
            "TypeError: python.f() got multiple values for keyword argument 'a'",
        ),
        (
            python::t_not_mapping.call(()),
            "TypeError: python.f() argument after ** must be a mapping, not int",
        ),
        (
            python::t_not_iterable.call(()),
            "TypeError: python.f() argument after * must be an iterable, not int",
        ),
        (
            python::t_lambda_not_iterable.call(()),
            "TypeError: python.t_lambda_not_iterable.<locals>.<lambda>() argument after * must be an iterable, not int",
        ),
        (
            python::t_value_after_star.call(()),
            "TypeError: Value after * must be an iterable, not int",
        ),
        (
            python::t_builtin.call(()),
            "TypeError: len() argument after * must be an iterable, not int",
        ),
        (
            python::t_method.call(()),
            "TypeError: list.append() got multiple values for keyword argument 'a'",
        ),
        (
            python::t_not_strings.call(()),
            "TypeError: keywords must be strings",
        ),
        (
            // A callee without `__qualname__` is named by `str()`.
            python::t_not_callable.call(()),
            "TypeError: [1] argument after ** must be a mapping, not bool",
        ),
        (
            python::t_int_key_dup.call(()),
            "TypeError: python.f() got multiple values for keyword argument '1'",
        ),
    ];
    for (result, expected) in cases {
        assert_eq!(error_of(result), expected);
    }
    assert_eq!(
        python::t_ok.call(()).unwrap().repr(),
        "((1, 2, 3), {'a': 1, 'b': 2, 'c': 3})"
    );
}
