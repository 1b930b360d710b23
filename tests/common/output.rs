//! Running a compiled module like `python3 NAME.py` and comparing its output.

#![allow(dead_code)]

use crate::common::{case_names, corpus};

/// A case: its name and the generated `__main__`.
pub type Case = (&'static str, fn() -> py_fn::PyResult<()>);

/// What `python3 NAME.py` prints, in the oracle's form: stdout, then the
/// last traceback line of an uncaught exception on a line of its own.
pub fn run_like_python(main: fn() -> py_fn::PyResult<()>) -> String {
    // Deep Python recursion runs on the Rust stack: give it room.
    let handle = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let (mut out, result) = py_fn::capture_stdout(main);
            if let Err(err) = result {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&err.to_string());
                out.push('\n');
            }
            out
        })
        .expect("spawn a test thread");
    match handle.join() {
        Ok(out) => out,
        Err(_) => "<panicked>".to_string(),
    }
}

/// Runs every case, compares with `expected/NAME.out`, prints a summary
/// and fails on any difference.
pub fn check_outputs(prefix: &str, cases: &[Case]) {
    let listed: Vec<&str> = cases.iter().map(|(n, _)| *n).collect();
    let on_disk = case_names(prefix);
    assert_eq!(listed, on_disk, "the test must list every {prefix} case");
    let mut failures = Vec::new();
    for (name, main) in cases {
        let expected =
            std::fs::read_to_string(corpus().join("expected").join(format!("{name}.out")))
                .expect("expected output exists");
        let actual = run_like_python(*main);
        if actual != expected {
            failures.push(first_difference(name, &expected, &actual));
        }
    }
    eprintln!(
        "conformance output {prefix}: {}/{} cases match",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `NAME: line N: expected `...`, got `...``.
pub fn first_difference(name: &str, expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.split('\n').collect();
    let a: Vec<&str> = actual.split('\n').collect();
    let n = e.len().max(a.len());
    for i in 0..n {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            return format!(
                "{name}: line {}: expected {:?}, got {:?}",
                i + 1,
                x.unwrap_or(&"<end>"),
                y.unwrap_or(&"<end>")
            );
        }
    }
    format!("{name}: outputs differ")
}
