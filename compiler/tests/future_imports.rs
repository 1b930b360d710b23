//! `from __future__ import ...` is checked as CPython 3.11's
//! `Python/future.c` and `compiler_from_import` do: known features only,
//! and only at the top of the module. Expected messages and positions are
//! python3 3.11.7's (`SyntaxError.msg`, `lineno`, `offset`, `end_lineno`,
//! `end_offset`; CPython gives no end for the future.c errors, reported
//! here as the start).

fn error(src: &str) -> (String, u32, u32, u32, u32) {
    let e = py_fn_compiler::compile(src, "f.py").expect_err(src);
    (e.msg, e.line, e.col + 1, e.end_line, e.end_col + 1)
}

#[test]
fn unknown_future_features_are_syntax_errors_at_the_import() {
    assert_eq!(
        error("from __future__ import braces\n"),
        ("not a chance".into(), 1, 1, 1, 1)
    );
    assert_eq!(
        error("from __future__ import nosuch\n"),
        ("future feature nosuch is not defined".into(), 1, 1, 1, 1)
    );
    assert_eq!(
        error("from __future__ import (division,\n   nosuch)\n"),
        ("future feature nosuch is not defined".into(), 1, 1, 1, 1)
    );
}

#[test]
fn future_imports_after_other_statements_are_late() {
    let late = "from __future__ imports must occur at the beginning of the file".to_string();
    // future.c: on the same line as an earlier statement (offset is the
    // 0-based column there).
    assert_eq!(
        error("import os; from __future__ import division\n"),
        (late.clone(), 1, 11, 1, 11)
    );
    // The code generator: on a later line, or inside a function.
    assert_eq!(
        error("x = 1\nfrom __future__ import division\n"),
        (late.clone(), 2, 1, 2, 32)
    );
    assert_eq!(
        error("def f():\n    from __future__ import division\n"),
        (late, 2, 5, 2, 36)
    );
}

#[test]
fn leading_future_imports_after_a_docstring_compile() {
    let src = "'''doc'''\nfrom __future__ import division, annotations\nx = 1\n";
    assert!(py_fn_compiler::compile(src, "f.py").is_ok());
}

#[test]
fn future_errors_come_before_symbol_table_errors() {
    assert_eq!(
        error("from __future__ import nosuch\nnonlocal x\n"),
        ("future feature nosuch is not defined".into(), 1, 1, 1, 1)
    );
}

#[test]
fn symbol_table_errors_come_before_a_late_future_import() {
    // python3: 'nonlocal declaration not allowed at module level' 1 1 1 11.
    assert_eq!(
        error("nonlocal x\nfrom __future__ import nosuch\n"),
        (
            "nonlocal declaration not allowed at module level".into(),
            1,
            1,
            1,
            11
        )
    );
}
