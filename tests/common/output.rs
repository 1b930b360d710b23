//! Running a compiled module like `python3 NAME.py` and comparing its output.

#![allow(dead_code)]

use crate::common::cases::first_difference;
use crate::common::{case_names, corpus};

/// A case: its name and the generated `__main__`.
pub type Case = (&'static str, fn() -> py_fn::PyResult<()>);

/// Which back end runs a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The native bodies `py_fn!` generated (the interpreter only where
    /// the back end left a code object to it).
    Native,
    /// The bytecode interpreter for everything (`py_fn::set_force_vm`).
    Interpreter,
}

/// What `python3 NAME.py` prints, in the oracle's form: stdout, then the
/// last traceback line of an uncaught exception on a line of its own.
pub fn run_like_python(main: fn() -> py_fn::PyResult<()>) -> String {
    run_on(Backend::Native, main)
}

/// [`run_like_python`] on the chosen back end.
pub fn run_on(backend: Backend, main: fn() -> py_fn::PyResult<()>) -> String {
    // Deep Python recursion runs on the Rust stack: give it room.
    let handle = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            py_fn::set_force_vm(backend == Backend::Interpreter);
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

/// Runs every case of `conformance/cases/PREFIX*` natively and on the
/// interpreter, compares both with `expected/NAME.out`, prints a summary
/// and fails on any difference.
pub fn check_outputs(prefix: &str, cases: &[Case]) {
    let listed: Vec<&str> = cases.iter().map(|(n, _)| *n).collect();
    let on_disk = case_names(prefix);
    assert_eq!(listed, on_disk, "the test must list every {prefix} case");
    check_outputs_in(&corpus().join("expected"), prefix, cases);
}

/// [`check_outputs`] with the expected files in `expected_dir`.
pub fn check_outputs_in(expected_dir: &std::path::Path, what: &str, cases: &[Case]) {
    let mut failures = Vec::new();
    let mut passed = [0usize; 2];
    for (name, main) in cases {
        let expected = std::fs::read_to_string(expected_dir.join(format!("{name}.out")))
            .expect("expected output exists");
        for (i, backend) in [Backend::Native, Backend::Interpreter]
            .into_iter()
            .enumerate()
        {
            let actual = run_on(backend, *main);
            if actual == expected {
                passed[i] += 1;
            } else {
                failures.push(format!(
                    "{backend:?}: {}",
                    first_difference(name, &expected, &actual)
                ));
            }
        }
    }
    eprintln!(
        "conformance output {what}: native {}/{} cases match, interpreter {}/{}",
        passed[0],
        cases.len(),
        passed[1],
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
