//! CPython 3.11's builtin exception classes: the hierarchy (`__mro__` of
//! every class, `except OSError` catching `FileNotFoundError`, the
//! `IOError`/`EnvironmentError` aliases), what each constructor accepts
//! and keeps (`args`, `errno`/`strerror`/`filename`, `code`, `name`,
//! `msg`, the Unicode errors' fields, `SyntaxError`'s details), `str()`
//! and `repr()`, and every error text. Expected results:
//! `fixtures/eval/exceptions_hierarchy.expected`, written by python3
//! (`fixtures/eval/gen_eval.py`).

mod pyeval;

#[test]
fn builtin_exception_classes_match_cpython() {
    let n = pyeval::check(
        "exceptions_hierarchy",
        include_str!("fixtures/eval/exceptions_hierarchy.expected"),
    );
    assert_eq!(n, 559);
}
