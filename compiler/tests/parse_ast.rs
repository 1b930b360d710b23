//! The AST of every conformance case and seed equals CPython 3.11's.
//!
//! The expected dumps `tests/fixtures/parse/cases/NAME.ast` (of the
//! conformance program `NAME`: `conformance/cases/NAME.py` or
//! `conformance/seeds/NAME.py`) and `tests/fixtures/parse/extra/NAME.ast`
//! (of `extra/NAME.py` beside it) were written by
//! `python3 tests/fixtures/parse/dump_ast.py` (CPython 3.11.7's `ast.parse`).

mod conformance_files;
mod parse_support;

use std::path::{Path, PathBuf};

use py_fn_compiler::parser::parse_module;

fn fixture_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/parse")
        .join(sub)
}

/// Compares our dump of `source` with CPython's dump `expected`; returns the
/// first differing line on mismatch.
pub fn compare(name: &str, source: &str, expected: &str) -> Result<(), String> {
    let module = parse_module(source).map_err(|e| format!("{name}: parse error {e:?}"))?;
    let ours = parse_support::dump_module(&module);
    if ours == expected {
        return Ok(());
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), expected.lines().collect());
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or("<end>");
        let y = b.get(i).copied().unwrap_or("<end>");
        if x != y {
            let ctx_start = i.saturating_sub(6);
            let context = b.get(ctx_start..i).unwrap_or(&[]).join("\n");
            return Err(format!(
                "{name}: line {}:\n{context}\n  ours:    {x}\n  cpython: {y}",
                i + 1
            ));
        }
    }
    Err(format!("{name}: dumps differ"))
}

/// (file name, source path, CPython's dump) of every case of `sub`: one per
/// `NAME.ast`; the source of `cases/` is the conformance program `NAME`, that
/// of `extra/` is `extra/NAME.py`.
fn cases(sub: &str) -> Vec<(String, PathBuf, PathBuf)> {
    let dir = fixture_dir(sub);
    conformance_files::stems(&dir, ".ast")
        .into_iter()
        .map(|name| {
            let source = if sub == "cases" {
                conformance_files::source_path(&name)
            } else {
                dir.join(format!("{name}.py"))
            };
            let dump = dir.join(format!("{name}.ast"));
            (format!("{name}.py"), source, dump)
        })
        .collect()
}

fn check_dir(sub: &str, min: usize) {
    let entries = cases(sub);
    eprintln!("parse {sub}: {} cases", entries.len());
    assert!(
        entries.len() >= min,
        "expected at least {min} cases in {sub}"
    );
    let mut failures = Vec::new();
    for (name, source, dump) in &entries {
        let source = std::fs::read_to_string(source).expect("read case");
        let expected = std::fs::read_to_string(dump).expect("read dump");
        if let Err(e) = compare(name, &source, &expected) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_conformance_case_and_seed_parses_to_cpythons_ast() {
    check_dir("cases", 60);
}

#[test]
fn grammar_tour_and_fstrings_parse_to_cpythons_ast() {
    check_dir("extra", 2);
}
