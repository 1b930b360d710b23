//! The bytecode interpreter against CPython: every case of
//! `conformance/cases/`, `conformance/extra/cases/`, `conformance/seeds/`
//! and `tests/vm_cases/` (the interpreter's own: generator protocol,
//! exception flow; `.out` written by `conformance/oracle.py --out`)
//! is compiled with `py_fn_compiler::compile` (CPython 3.11's code objects),
//! its module code runs on the interpreter with every function forced onto
//! it (`set_force_vm(true)`), and what it prints must be exactly the
//! oracle's `.out` (with the last traceback line of an uncaught exception,
//! see `conformance/ORACLE.md`).
//!
//! The summary says how many cases ran, passed, and were skipped because the
//! compiler does not compile them yet; every case that compiles must pass.

use std::path::{Path, PathBuf};
use std::rc::Rc;

#[path = "common/cases.rs"]
mod cases;

use cases::first_difference;
use py_fn_bytecode::{verify::verify, CodeData, Constant};
use py_fn_runtime::{capture_stdout, set_force_vm, vm, Code, Globals};

/// `(name, source path, expected output path)` of every case: the
/// conformance corpus and `tests/vm_cases`.
fn cases() -> Vec<(String, PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let vm_cases = root.join("tests").join("vm_cases");
    let mut all = cases::corpus_cases(root);
    all.extend(cases::cases_in(&vm_cases, &vm_cases));
    all.into_iter()
        .map(|c| (c.path(), c))
        .map(|(py, c)| (c.name, py, c.expected))
        .collect()
}

/// Runs the module code of `source` on the interpreter, as `python3
/// NAME.py` would, on a thread with room for deep recursion.
fn run_on_vm(name: &str, source: String) -> Result<String, String> {
    let filename = format!("{name}.py");
    let handle = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || -> Result<String, String> {
            let data = py_fn_compiler::compile(&source, &filename).map_err(|e| e.to_string())?;
            set_force_vm(true);
            let code = Code::from_owned(Rc::new(data));
            let globals = Globals::new("__main__");
            let (mut out, result) = capture_stdout(|| vm::run_code(&code, &globals));
            if let Err(err) = result {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&err.to_string());
                out.push('\n');
            }
            Ok(out)
        })
        .expect("spawn a test thread");
    match handle.join() {
        Ok(r) => r.map_err(|e| format!("compile: {e}")),
        Err(_) => Ok("<panicked>".to_string()),
    }
}

/// `code` and every code object nested in its constants.
fn walk(code: &CodeData) -> Vec<&CodeData> {
    let mut out = vec![code];
    for c in code.consts.iter() {
        if let Constant::Code(inner) = c {
            out.extend(walk(inner));
        }
    }
    out
}

#[test]
fn every_code_object_the_compiler_makes_for_the_corpus_verifies() {
    let mut checked = 0;
    for (name, py, _) in cases() {
        let source = std::fs::read_to_string(&py).expect("case source");
        let Ok(module) = py_fn_compiler::compile(&source, &format!("{name}.py")) else {
            continue;
        };
        for code in walk(&module) {
            if let Err(e) = verify(code, code.consts.len()) {
                panic!("{name}: {}: {e}", code.qualname);
            }
            checked += 1;
        }
    }
    eprintln!("verified {checked} code objects");
    assert!(checked > 100);
}

#[test]
fn every_compiled_case_prints_what_cpython_prints_on_the_interpreter() {
    let mut ran = 0;
    let mut skipped = Vec::new();
    let mut failures = Vec::new();
    let all = cases();
    for (name, py, out) in &all {
        let source = std::fs::read_to_string(py).expect("case source");
        let expected = std::fs::read_to_string(out).expect("expected output");
        match run_on_vm(name, source) {
            Err(why) => skipped.push(format!("{name} ({})", why.lines().last().unwrap_or(""))),
            Ok(actual) => {
                ran += 1;
                if actual != expected {
                    failures.push(first_difference(name, &expected, &actual));
                }
            }
        }
    }
    eprintln!(
        "interpreter conformance: {} cases, {ran} ran, {} passed, {} skipped (not compiled yet)",
        all.len(),
        ran - failures.len(),
        skipped.len()
    );
    for s in &skipped {
        eprintln!("  skipped: {s}");
    }
    for f in &failures {
        eprintln!("  FAILED: {f}");
    }
    assert!(failures.is_empty(), "{} cases differ", failures.len());
}
