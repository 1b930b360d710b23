//! The conformance corpus, read where the repository keeps its only copy:
//! `conformance/` beside this crate (the repository is always checked out
//! whole, so `CARGO_MANIFEST_DIR/../conformance` is there from a clean clone).
//!
//! A program is named by its file stem, and the name says where it lives:
//!
//! * `seed_NAME`: `conformance/seeds/seed_NAME.py`, with CPython's code
//!   objects in `conformance/seeds/seed_NAME.code.json`;
//! * `tN_NAME` (a tier `t1`, `t2`, `t3`, ...): `conformance/cases/tN_NAME.py`,
//!   with CPython's code objects in `conformance/expected/tN_NAME.code.json`.
//!
//! Expected results the corpus does not hold (CPython's AST dumps, symbol
//! tables, explain facts) stay under `tests/fixtures/`, named after the
//! program.

#![allow(dead_code)]

use std::path::PathBuf;

/// `conformance/`.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../conformance")
}

/// Whether `name` names a program of the corpus: `seed_*` or `tN_*`.
pub fn is_corpus_name(name: &str) -> bool {
    if name.starts_with("seed_") {
        return true;
    }
    let Some(rest) = name.strip_prefix('t') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with('_')
}

/// The path of the source of the corpus program `name` (a file stem).
pub fn source_path(name: &str) -> PathBuf {
    assert!(is_corpus_name(name), "{name} is not a conformance program");
    if name.starts_with("seed_") {
        root().join("seeds").join(format!("{name}.py"))
    } else {
        root().join("cases").join(format!("{name}.py"))
    }
}

/// The source of the corpus program `name` (a file stem).
pub fn source(name: &str) -> String {
    let path = source_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// CPython's code objects for the corpus program `name`, as the oracle
/// wrote them (`NAME.code.json`).
pub fn expected_code_json(name: &str) -> String {
    assert!(is_corpus_name(name), "{name} is not a conformance program");
    let path = if name.starts_with("seed_") {
        root().join("seeds").join(format!("{name}.code.json"))
    } else {
        root().join("expected").join(format!("{name}.code.json"))
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names of the cases `conformance/cases/PREFIX*.py`, sorted.
pub fn case_names(prefix: &str) -> Vec<String> {
    let dir = root().join("cases");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().to_string();
            file.strip_suffix(".py").map(str::to_string)
        })
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

/// The stems of the files `dir/*.SUFFIX`, sorted (the programs whose
/// expected results a fixture directory holds).
pub fn stems(dir: &std::path::Path, suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().to_string();
            file.strip_suffix(suffix).map(str::to_string)
        })
        .collect();
    names.sort();
    names
}
