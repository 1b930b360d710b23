//! Code-object conformance: `py_fn_compiler::compile` on every case of the
//! corpus (`t1_`, `t2_`, `t3_`), every program of `conformance/extra/` and
//! both seeds must give the code objects CPython 3.11 gives, field by
//! field, as the oracle wrote them (`conformance/expected/NAME.code.json`).
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

fn compare(cases: &[Case], fields: &[&str]) -> Tally {
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

type Case = (String, std::path::PathBuf, std::path::PathBuf);

/// The cases of tier `prefix` (`"t1_"`, `"t2_"`, `"t3_"`) in the shared
/// corpus and in `conformance/extra/` (named `tN_extra_*`).
fn tier_cases(prefix: &str) -> Vec<Case> {
    let root = common::corpus();
    let mut cases: Vec<_> = common::case_names(prefix)
        .into_iter()
        .map(|n| {
            let src = root.join("cases").join(format!("{n}.py"));
            let exp = root.join("expected").join(format!("{n}.code.json"));
            (n, src, exp)
        })
        .collect();
    let extra = root.join("extra");
    let mut extra_cases = Vec::new();
    for entry in std::fs::read_dir(extra.join("cases")).expect("conformance/extra/cases") {
        let path = entry.expect("dir entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !name.starts_with(prefix) || path.extension().is_none_or(|e| e != "py") {
            continue;
        }
        let exp = extra.join("expected").join(format!("{name}.code.json"));
        extra_cases.push((name, path, exp));
    }
    extra_cases.sort();
    cases.extend(extra_cases);
    cases
}

/// A seed program (`conformance/seeds/NAME.py`).
fn seed(name: &str) -> Case {
    let dir = common::corpus().join("seeds");
    (
        name.to_string(),
        dir.join(format!("{name}.py")),
        dir.join(format!("{name}.code.json")),
    )
}

fn check(label: &str, fields: &[&str], cases: &[Case]) {
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

fn t1_cases() -> Vec<Case> {
    let mut cases = tier_cases("t1_");
    cases.push(seed("seed_closure"));
    cases
}

fn t2_t3_cases() -> Vec<Case> {
    let mut cases = tier_cases("t2_");
    cases.extend(tier_cases("t3_"));
    cases.push(seed("seed_program"));
    cases
}

#[test]
fn t1_code_object_metadata_matches_cpython() {
    check(
        "metadata (t1, extra t1, seed_closure)",
        METADATA,
        &t1_cases(),
    );
}

#[test]
fn t1_bytecode_matches_cpython() {
    check(
        "bytecode (t1, extra t1, seed_closure)",
        BYTECODE,
        &t1_cases(),
    );
}

#[test]
fn t2_t3_code_object_metadata_matches_cpython() {
    check(
        "metadata (t2, t3, extra t2/t3, seed_program)",
        METADATA,
        &t2_t3_cases(),
    );
}

#[test]
fn t2_t3_bytecode_matches_cpython() {
    check(
        "bytecode (t2, t3, extra t2/t3, seed_program)",
        BYTECODE,
        &t2_t3_cases(),
    );
}
