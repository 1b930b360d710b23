//! Compile-fail tests: a Python mistake inside `py_fn!` is a Rust compile
//! error at the offending tokens, with CPython 3.11's message.
//!
//! `tests/ui/<group>/<case>.rs` are the programs; their `.stderr` files are
//! rustc's output. `tests/ui/cpython_expected.txt` (written by
//! `tests/ui/generate.py` from CPython's own `compile()`) says which message
//! and line CPython reports for the same Python text; the second test checks
//! every `.stderr` against it, so the snapshots cannot drift from CPython.

use std::path::Path;

#[test]
fn python_mistakes_are_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}

#[test]
fn ui_messages_are_cpythons() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let table = std::fs::read_to_string(root.join("cpython_expected.txt")).unwrap();
    let mut checked = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let parts: Vec<&str> = line.split(" | ").collect();
        let [case, kind, msg, rs_line] = parts.as_slice() else {
            panic!("bad line in cpython_expected.txt: {line}");
        };
        if *kind == "ok" {
            continue;
        }
        let stderr = std::fs::read_to_string(root.join(format!("{case}.stderr")))
            .unwrap_or_else(|e| panic!("{case}.stderr: {e}"));
        let file_form = case.starts_with("file/");
        // Inline blocks keep the Rust file's line numbers, so a message that
        // names a line ("... on line 1") names the Rust line instead.
        let msg = if file_form {
            msg.to_string()
        } else {
            shift_line_numbers(msg, 2)
        };
        let wanted = format!("{kind}: {msg}");
        assert!(
            stderr.contains(&wanted),
            "{case}: CPython says `{wanted}`, py_fn says:\n{stderr}"
        );
        let location = if file_form {
            // The span is the path literal; the message names the Python line.
            let py = case.trim_start_matches("file/");
            format!("{py}.py:{rs_line}:")
        } else {
            format!("--> tests/ui/{case}.rs:{rs_line}:")
        };
        assert!(
            stderr.contains(&location),
            "{case}: CPython points at line {rs_line} (`{location}`), py_fn says:\n{stderr}"
        );
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} cases checked");
}

fn shift_line_numbers(msg: &str, by: u32) -> String {
    match msg.rsplit_once("on line ") {
        Some((head, n)) => match n.parse::<u32>() {
            Ok(n) => format!("{head}on line {}", n + by),
            Err(_) => msg.to_string(),
        },
        None => msg.to_string(),
    }
}
