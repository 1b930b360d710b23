//! The whole front half on the tier-1 conformance corpus: every
//! `conformance/cases/t1_NAME.py` is parsed, analysed and compiled, and each
//! code object (module first, then depth-first in `co_consts` order) is
//! compared field by field with CPython 3.11.7's
//! `conformance/expected/t1_NAME.code.json` (made by the project's oracle,
//! `python3 conformance/oracle.py`).

mod conformance_files;

use py_fn_bytecode::json::{code_object_json, parse, walk, Json};
use py_fn_compiler::codegen::compile_module;
use py_fn_compiler::parser::parse_module;
use py_fn_compiler::symtable::SymbolTable;

/// The oracle fields compared (`dis` is the bytecode crate's business and
/// is reported separately).
const FIELDS: &[&str] = &[
    "name",
    "qualname",
    "firstlineno",
    "argcount",
    "posonlyargcount",
    "kwonlyargcount",
    "nlocals",
    "stacksize",
    "flags",
    "flag_names",
    "varnames",
    "cellvars",
    "freevars",
    "names",
    "consts",
    "code",
    "exceptiontable",
];

/// (file name, source, CPython's code objects) of every t1 case, by name.
fn cases() -> Vec<(String, String, String)> {
    conformance_files::case_names("t1_")
        .into_iter()
        .map(|name| {
            let src = conformance_files::source(&name);
            let json = conformance_files::expected_code_json(&name);
            (format!("{name}.py"), src, json)
        })
        .collect()
}

#[test]
fn t1_cases_match_cpython_in_every_field() {
    let mut total = 0;
    let mut matched = 0;
    let mut dis_total = 0;
    let mut dis_matched = 0;
    let mut failures = Vec::new();
    let all = cases();
    assert_eq!(all.len(), 36, "the 36 t1 conformance cases");
    for (name, src, json) in &all {
        let expected = parse(json).expect("valid json");
        let want: Vec<Json> = expected
            .get("code_objects")
            .and_then(|c| c.as_array())
            .map(|a| a.to_vec())
            .unwrap_or_default();
        let code = parse_module(src)
            .and_then(|m| SymbolTable::build(&m).and_then(|st| compile_module(&m, &st, name)));
        let code = match code {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                total += want.len() * FIELDS.len();
                continue;
            }
        };
        let got: Vec<Json> = walk(&code).into_iter().map(code_object_json).collect();
        for (k, w) in want.iter().enumerate() {
            let g = got.get(k);
            for f in FIELDS {
                total += 1;
                let gv = g.and_then(|g| g.get(f));
                if gv == w.get(f) {
                    matched += 1;
                } else {
                    failures.push(format!(
                        "{name} code object {k} field {f}:\n  want {:?}\n  got  {:?}",
                        w.get(f),
                        gv
                    ));
                }
            }
            dis_total += 1;
            if g.and_then(|g| g.get("dis")) == w.get("dis") {
                dis_matched += 1;
            }
        }
        if got.len() != want.len() {
            failures.push(format!(
                "{name}: {} code objects, want {}",
                got.len(),
                want.len()
            ));
        }
    }
    eprintln!(
        "t1 conformance: {} cases; {matched}/{total} fields match; dis text {dis_matched}/{dis_total}",
        all.len()
    );
    if !failures.is_empty() {
        panic!("{} mismatches:\n{}", failures.len(), failures.join("\n"));
    }
}
