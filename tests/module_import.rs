//! A `py_fn!` block is a Python module: the first use of one of its
//! function items imports it (its top-level statements run once per
//! thread, with `__name__` set to the Rust module's name), and `__main__()`
//! runs it as a script in a namespace of its own.
//!
//! What CPython does for the same module (saved as `helpers.py`):
//! `python3 -c "import helpers; print(helpers.total([1, 2, 3]))"` prints
//! `imported as helpers` then `12`, and `python3 helpers.py` prints
//! `imported as __main__`, then `running as a script`.

use py_fn::Value;

mod helpers {
    py_fn::py_fn! {
        print("imported as", __name__)
        factor = 2

        def double(x):
            return x * factor

        def total(xs):
            return sum([double(x) for x in xs])

        def where():
            return __name__

        if __name__ == "__main__":
            print("running as a script")
    }
}

mod failing {
    py_fn::py_fn! {
        attempts = []

        def ok():
            return "ok"

        def boom():
            return 1 // 0

        boom()
    }
}

#[test]
fn a_function_calling_another_works_without_main() {
    let (out, result) = py_fn::capture_stdout(|| {
        helpers::total.call((vec![Value::from(1), Value::from(2), Value::from(3)],))
    });
    assert_eq!(result.unwrap(), Value::from(12));
    // The import ran the top-level statements once, as `import helpers`.
    assert_eq!(out, "imported as helpers\n");
    // Later uses do not import again.
    let (out, result) = py_fn::capture_stdout(|| helpers::double.call((21,)));
    assert_eq!(result.unwrap(), Value::from(42));
    assert_eq!(out, "");
    assert_eq!(helpers::r#where.call(()).unwrap().to_string(), "helpers");
}

#[test]
fn main_runs_the_module_as_a_script() {
    let (out, result) = py_fn::capture_stdout(helpers::__main__);
    result.unwrap();
    assert_eq!(out, "imported as __main__\nrunning as a script\n");
}

#[test]
fn a_failed_import_raises_and_is_retried() {
    for _ in 0..2 {
        let err = failing::ok.call(()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ZeroDivisionError: integer division or modulo by zero"
        );
    }
}
