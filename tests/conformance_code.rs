//! Code-object conformance: `py_fn_compiler::compile` on every `t1_` case and
//! the seed must give the code objects CPython 3.11 gives, field by field,
//! as the oracle wrote them (`conformance/expected/NAME.code.json`).
//!
//! The metadata fields and the bytecode fields are counted separately;
//! every field must match.

mod common;

use py_fn_bytecode::json::{self, Json};

/// Fields of the oracle schema that describe names, counts and constants.
const METADATA: &[&str] = &[
    "name",
    "qualname",
    "firstlineno",
    "argcount",
    "posonlyargcount",
    "kwonlyargcount",
    "nlocals",
    "flags",
    "flag_names",
    "varnames",
    "cellvars",
    "freevars",
    "names",
    "consts",
];

/// Fields that describe the bytecode itself.
const BYTECODE: &[&str] = &["code", "stacksize", "exceptiontable", "dis"];

struct Tally {
    matched: usize,
    total: usize,
    failures: Vec<String>,
}

fn compare(cases: &[(String, std::path::PathBuf, std::path::PathBuf)], fields: &[&str]) -> Tally {
    let mut tally = Tally {
        matched: 0,
        total: 0,
        failures: Vec::new(),
    };
    for (name, source_path, expected_path) in cases {
        let source = std::fs::read_to_string(source_path).expect("case source");
        let expected = json::parse(&std::fs::read_to_string(expected_path).expect("expected json"))
            .expect("expected json parses");
        let expected = objects(&expected);
        let file = format!("{name}.py");
        let actual = match py_fn_compiler::compile(&source, &file) {
            Ok(code) => json::parse(&json::case_json(&file, &code)).expect("our json parses"),
            Err(e) => {
                tally.total += expected.len() * fields.len();
                tally
                    .failures
                    .push(format!("{name}: does not compile: {e}"));
                continue;
            }
        };
        let actual = objects(&actual);
        for (i, exp) in expected.iter().enumerate() {
            for field in fields {
                tally.total += 1;
                let got = actual.get(i).and_then(|a| a.get(field));
                if got == exp.get(field) {
                    tally.matched += 1;
                } else {
                    let qualname = exp.get("qualname").and_then(Json::as_str).unwrap_or("?");
                    tally.failures.push(format!(
                        "{name}:{qualname}: {field}: expected {:?}, got {:?}",
                        exp.get(field),
                        got
                    ));
                }
            }
        }
        if actual.len() != expected.len() {
            tally.failures.push(format!(
                "{name}: {} code objects, CPython has {}",
                actual.len(),
                expected.len()
            ));
        }
    }
    tally
}

fn objects(case: &Json) -> Vec<Json> {
    case.get("code_objects")
        .and_then(Json::as_array)
        .map(|a| a.to_vec())
        .unwrap_or_default()
}

fn corpus_cases() -> Vec<(String, std::path::PathBuf, std::path::PathBuf)> {
    let root = common::corpus();
    let mut cases: Vec<_> = common::case_names("t1_")
        .into_iter()
        .map(|n| {
            let src = root.join("cases").join(format!("{n}.py"));
            let exp = root.join("expected").join(format!("{n}.code.json"));
            (n, src, exp)
        })
        .collect();
    let extra = root.join("extra");
    for entry in std::fs::read_dir(extra.join("cases")).expect("conformance/extra/cases") {
        let path = entry.expect("dir entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let exp = extra.join("expected").join(format!("{name}.code.json"));
        cases.push((name, path, exp));
    }
    for seed in ["seed_closure", "seed_program"] {
        let dir = root.join("seeds");
        cases.push((
            seed.to_string(),
            dir.join(format!("{seed}.py")),
            dir.join(format!("{seed}.code.json")),
        ));
    }
    cases
}

fn check(label: &str, fields: &[&str], cases: &[(String, std::path::PathBuf, std::path::PathBuf)]) {
    let tally = compare(cases, fields);
    eprintln!(
        "conformance {label}: {}/{} fields match",
        tally.matched, tally.total
    );
    assert!(
        tally.failures.is_empty(),
        "{} mismatches:\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
}

#[test]
fn t1_code_object_metadata_matches_cpython() {
    let cases: Vec<_> = corpus_cases()
        .into_iter()
        .filter(|(n, ..)| n != "seed_program")
        .collect();
    check("metadata (t1, extra, seed_closure)", METADATA, &cases);
}

#[test]
fn t1_bytecode_matches_cpython() {
    let cases: Vec<_> = corpus_cases()
        .into_iter()
        .filter(|(n, ..)| n != "seed_program")
        .collect();
    check("bytecode (t1, extra, seed_closure)", BYTECODE, &cases);
}
