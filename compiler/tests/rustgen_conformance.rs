//! Every tier-1 conformance case of the repository (`conformance/cases/t1_*.py`)
//! goes through the whole pipeline to Rust tokens: one `static` per code
//! object CPython builds, one native body per function, and a public unit
//! struct per top-level `def`. (Running them is the root package's
//! `tests/conformance_t1.rs`.)

use py_fn_compiler::rustgen::RustgenOptions;
use std::path::PathBuf;

fn cases() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../conformance/cases");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("conformance/cases exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.starts_with("t1_") && name.ends_with(".py")
        })
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// `(statics, bodies)` counted in the token text.
fn counts(text: &str) -> (usize, usize) {
    (
        text.matches("static __PYFN_CODE_").count(),
        text.matches("fn __pyfn_body_").count(),
    )
}

#[test]
fn every_t1_case_becomes_rust_items() {
    let cases = cases();
    assert!(cases.len() >= 36, "found {} t1 cases", cases.len());
    let mut failures = Vec::new();
    for (name, source) in &cases {
        let opts = RustgenOptions::default();
        let code = match py_fn_compiler::compile(source, "case.py") {
            Ok(code) => code,
            Err(e) => {
                failures.push(format!("{name}: compile: {e}"));
                continue;
            }
        };
        let tokens = match py_fn_compiler::compile_to_rust(source, "case.py", &opts) {
            Ok(t) => t.to_string(),
            Err(e) => {
                failures.push(format!("{name}: rustgen: {e}"));
                continue;
            }
        };
        // One static per code object, one native body per function.
        let mut n_codes = 0;
        let mut stack = vec![&code];
        while let Some(c) = stack.pop() {
            n_codes += 1;
            for k in c.consts.iter() {
                if let py_fn_bytecode::Constant::Code(inner) = k {
                    stack.push(inner);
                }
            }
        }
        let (statics, bodies) = counts(&tokens);
        if statics != n_codes || bodies != n_codes - 1 {
            failures.push(format!(
                "{name}: {statics} statics and {bodies} bodies for {n_codes} code objects"
            ));
        }
        if !tokens.contains("pub fn __main__ ()") {
            failures.push(format!("{name}: no __main__"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
