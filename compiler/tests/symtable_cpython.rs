//! The symbol table against python3's own: every program of
//! `tests/fixtures/symtable/programs/` (its AST as `ast.parse` gives it,
//! `NAME.ast.json`; the programs `conf_*` and `seed_*` are the conformance
//! corpus, see `support::program_source_path`) must give the same blocks, symbols, flags and scopes as
//! python3's `symtable` module (`NAME.symtable.txt`), and every program under
//! `errors/` the SyntaxError that `compile()` raises (`errors.expected`).
//! Both files come from `python3 gen_symtable.py` (CPython 3.11.7).

#[path = "fixtures/symtable/support.rs"]
mod support;

use std::fs;

use py_fn_compiler::symtable::SymbolTable;
use support::{dump, fixtures, module, parse_json, program_names};

fn load_ast(dir: &str, name: &str) -> py_fn_compiler::ast::Module {
    let path = fixtures().join(dir).join(format!("{name}.ast.json"));
    let text = fs::read_to_string(&path).expect("ast json");
    module(&parse_json(&text))
}

#[test]
fn symtable_matches_cpython_on_every_program() {
    let names = program_names();
    eprintln!("symtable programs: {}", names.len());
    assert!(names.len() >= 100, "only {} programs", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let ast = load_ast("programs", name);
        let expected = fs::read_to_string(
            fixtures()
                .join("programs")
                .join(format!("{name}.symtable.txt")),
        )
        .expect("expected dump");
        match SymbolTable::build(&ast) {
            Ok(table) => {
                let got = dump(&table);
                if got != expected {
                    failures.push(format!("{name}:\n--- python3\n{expected}--- ours\n{got}"));
                }
                // Every block is found again from the location of its node.
                for (i, b) in table.blocks.iter().enumerate().skip(1) {
                    let found = table.lookup(b.loc).map(|id| id.0 as usize);
                    if found != Some(i) {
                        failures.push(format!("{name}: lookup of block {} gave {found:?}", b.name));
                    }
                }
            }
            Err(e) => failures.push(format!("{name}: unexpected error {e:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs differ:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

#[test]
fn symtable_errors_match_cpython() {
    let expected = fs::read_to_string(fixtures().join("errors.expected")).expect("errors.expected");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in expected.lines().filter(|l| !l.is_empty()) {
        count += 1;
        let parts: Vec<&str> = line.split('|').collect();
        let [name, msg, line_no, offset, end_line, end_offset] = parts[..] else {
            panic!("bad line {line}");
        };
        let ast = load_ast("errors", name);
        match SymbolTable::build(&ast) {
            Ok(_) => failures.push(format!("{name}: no error, expected {msg}")),
            Err(e) => {
                let got = format!(
                    "{}|{}|{}|{}|{}",
                    e.msg,
                    e.line,
                    e.col + 1,
                    e.end_line,
                    e.end_col + 1
                );
                let want = format!("{msg}|{line_no}|{offset}|{end_line}|{end_offset}");
                if got != want || e.kind != py_fn_compiler::ErrorKind::SyntaxError {
                    failures.push(format!("{name}: got {got}, python3 {want}"));
                }
            }
        }
    }
    assert!(count >= 40, "only {count} error programs");
    assert!(
        failures.is_empty(),
        "{} of {count} error programs differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
