//! The AST of every conformance case and seed equals CPython 3.11's.
//!
//! The expected dumps `tests/fixtures/parse/cases/NAME.ast` were written by
//! `python3 tests/fixtures/parse/dump_ast.py` (CPython 3.11.7's `ast.parse`).

mod parse_support;

use std::path::Path;

use py_fn_compiler::parser::parse_module;

fn fixture_dir(sub: &str) -> std::path::PathBuf {
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

fn check_dir(sub: &str, min: usize) {
    let mut entries: Vec<_> = std::fs::read_dir(fixture_dir(sub))
        .expect("fixture dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    entries.sort();
    assert!(
        entries.len() >= min,
        "expected at least {min} cases in {sub}"
    );
    let mut failures = Vec::new();
    for path in &entries {
        let source = std::fs::read_to_string(path).expect("read case");
        let expected = std::fs::read_to_string(path.with_extension("ast")).expect("read dump");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
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
