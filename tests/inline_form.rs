//! The inline form: Python text that Rust's lexer would lose or change is
//! read back from the invocation's source text.

mod python {
    py_fn::py_fn! {
        """Floor division, comments and docstrings inline."""

        def halves(n):
            # a comment, which Rust sees as punctuation and words
            out = []
            while n > 0:
                out.append(n)
                n //= 2          # floor-divide in place
            return out, 7 // 2, -7 // 2

        def nested(a):
            def inner(b):
                """Inner docstring."""
                return a // b
            return inner
    }
}

use py_fn::Value;

#[test]
fn floor_division_survives_rusts_comment_syntax() {
    // python3 -c 'def halves(n): ...' prints ([10, 5, 2, 1], 3, -4) for halves(10).
    let result = python::halves.call((10,)).unwrap();
    assert_eq!(result.repr(), "([10, 5, 2, 1], 3, -4)");
}

#[test]
fn nested_functions_and_docstrings_work_inline() {
    let inner = python::nested.call((17,)).unwrap();
    assert_eq!(
        py_fn::call(&inner, &[Value::from(5)]).unwrap(),
        Value::from(3)
    );
    let f = inner.as_function().unwrap();
    assert_eq!(f.code().co_consts().repr(), "('Inner docstring.',)");
    assert_eq!(f.qualname(), "nested.<locals>.inner");
}

#[test]
fn line_numbers_are_the_rust_files() {
    // Inline Python keeps the Rust file's line numbers: `def halves` is on line 8.
    let f = python::halves.function();
    let code = f.as_function().unwrap().code();
    assert_eq!(code.co_firstlineno(), Value::from(8));
}
