//! `PyErr`: the last traceback line as `Display`, and the exception
//! hierarchy that `except` clauses follow.

use py_fn_runtime::{ExcType, PyErr, Value};

#[test]
fn display_is_the_last_traceback_line() {
    // python3 -c "{}['zzz']" -> KeyError: 'zzz'
    assert_eq!(
        PyErr::key_error(&Value::str("zzz")).to_string(),
        "KeyError: 'zzz'"
    );
    // python3 -c "{}[(1, 'a')]" -> KeyError: (1, 'a')
    let key = py_fn_runtime::tuple(vec![Value::Int(1), Value::str("a")]);
    assert_eq!(PyErr::key_error(&key).to_string(), "KeyError: (1, 'a')");
    // python3 -c "next(iter([]))" -> StopIteration
    assert_eq!(PyErr::stop_iteration().to_string(), "StopIteration");
    let err = PyErr::type_error("f() takes 1 positional argument but 2 were given");
    assert_eq!(
        err.to_string(),
        "TypeError: f() takes 1 positional argument but 2 were given"
    );
    assert_eq!(
        format!("{err:?}"),
        "PyErr(TypeError: f() takes 1 positional argument but 2 were given)"
    );
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed.to_string().starts_with("TypeError: "));
    // python3 -c "x" -> NameError: name 'x' is not defined
    let g = py_fn_runtime::Globals::new("__main__");
    assert_eq!(
        py_fn_runtime::load_global(&g, "x")
            .expect_err("undefined")
            .to_string(),
        "NameError: name 'x' is not defined"
    );
    assert_eq!(
        py_fn_runtime::delete_global(&g, "x")
            .expect_err("undefined")
            .to_string(),
        "NameError: name 'x' is not defined"
    );
}

#[test]
fn hierarchy_matches_cpython() {
    // python3: for e in [...]: print(e.__name__, e.__mro__[1].__name__)
    let pairs = [
        (ExcType::ZeroDivisionError, ExcType::ArithmeticError),
        (ExcType::OverflowError, ExcType::ArithmeticError),
        (ExcType::IndexError, ExcType::LookupError),
        (ExcType::KeyError, ExcType::LookupError),
        (ExcType::UnboundLocalError, ExcType::NameError),
        (ExcType::RecursionError, ExcType::RuntimeError),
        (ExcType::NotImplementedError, ExcType::RuntimeError),
        (ExcType::StopIteration, ExcType::Exception),
        (ExcType::AssertionError, ExcType::Exception),
        (ExcType::MemoryError, ExcType::Exception),
        (ExcType::TypeError, ExcType::Exception),
    ];
    for (kind, base) in pairs {
        assert_eq!(kind.base(), Some(base), "{}", kind.name());
    }
    let err = PyErr::key_error(&Value::Int(1));
    assert!(err.matches(ExcType::LookupError));
    assert!(err.matches(ExcType::Exception));
    assert!(!err.matches(ExcType::IndexError));
}
