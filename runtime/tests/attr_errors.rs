//! `AttributeError` texts for builtins and types. Expected: python3 3.11.7,
//! `python3 -c "range.x"` and the like.

use py_fn_runtime::{builtin_by_name, getattr, Value};

fn error(obj: &Value, name: &str) -> String {
    match getattr(obj, name) {
        Ok(v) => panic!("no error: {}", v.repr()),
        Err(e) => e.to_string(),
    }
}

fn builtin(name: &str) -> Value {
    Value::Builtin(builtin_by_name(name).expect("a builtin"))
}

#[test]
fn types_and_builtin_functions_say_what_they_are() {
    let cases = [
        (
            builtin("range"),
            "x",
            "AttributeError: type object 'range' has no attribute 'x'",
        ),
        (
            builtin("int"),
            "foo",
            "AttributeError: type object 'int' has no attribute 'foo'",
        ),
        (
            builtin("len"),
            "x",
            "AttributeError: 'builtin_function_or_method' object has no attribute 'x'",
        ),
        (
            builtin("print"),
            "__globals__",
            "AttributeError: 'builtin_function_or_method' object has no attribute '__globals__'",
        ),
        (
            Value::Int(1),
            "x",
            "AttributeError: 'int' object has no attribute 'x'",
        ),
    ];
    for (obj, name, expected) in cases {
        assert_eq!(error(&obj, name), expected);
    }
}
