//! Code generation checked against CPython 3.11.7, independent of the
//! py_fn parser: each program of `fixtures/codegen/programs.txt` is built as
//! an AST from python3's own `ast` module (`fixtures/codegen/programs.rs`),
//! and every code object is compared with what `compile()` built
//! (`fixtures/codegen/expected.txt`). Both files are made by
//! `python3 gen_ast_cases.py` in `fixtures/codegen/`.

#[path = "fixtures/codegen/programs.rs"]
mod programs;

use py_fn_bytecode::json::{const_repr, walk};
use py_fn_bytecode::CodeData;
use py_fn_compiler::codegen::compile_module;
use py_fn_compiler::symtable::SymbolTable;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn join(v: &[std::borrow::Cow<'static, str>], sep: &str) -> String {
    v.iter().map(|s| s.as_ref()).collect::<Vec<_>>().join(sep)
}

/// The lines `gen_ast_cases.py` writes for one code object.
fn describe(co: &CodeData) -> Vec<String> {
    vec![
        format!("--- {}", co.qualname),
        format!("firstlineno {}", co.firstlineno),
        format!(
            "args {} {} {}",
            co.argcount, co.posonlyargcount, co.kwonlyargcount
        ),
        format!("stacksize {}", co.stacksize),
        format!("flags {}", co.flags),
        format!("varnames {}", join(&co.varnames, " ")),
        format!("cellvars {}", join(&co.cellvars, " ")),
        format!("freevars {}", join(&co.freevars, " ")),
        format!("names {}", join(&co.names, " ")),
        format!(
            "consts {}",
            co.consts
                .iter()
                .map(const_repr)
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        format!("code {}", hex(&co.code)),
        format!("linetable {}", hex(&co.linetable)),
    ]
}

#[test]
fn every_program_matches_cpython() {
    // The generated AST builder is one large function: give it room.
    let t = std::thread::Builder::new()
        .stack_size(1 << 29)
        .spawn(check_every_program)
        .expect("spawn");
    if let Err(e) = t.join() {
        std::panic::resume_unwind(e);
    }
}

fn check_every_program() {
    let expected = include_str!("fixtures/codegen/expected.txt");
    let mut blocks: Vec<Vec<String>> = Vec::new();
    for line in expected.lines() {
        if line.starts_with("=== program") {
            blocks.push(Vec::new());
        } else if let Some(b) = blocks.last_mut() {
            b.push(line.trim_end().to_string());
        }
    }
    let progs = programs::programs();
    assert_eq!(progs.len(), blocks.len());
    let mut failures = Vec::new();
    let mut fields = 0;
    let mut matched = 0;
    for (i, ((src, module), want)) in progs.iter().zip(blocks.iter()).enumerate() {
        let st = match SymbolTable::build(module) {
            Ok(st) => st,
            Err(e) => {
                failures.push(format!("program {i}: symtable error {e}\n{src}"));
                continue;
            }
        };
        let code = match compile_module(module, &st, "prog.py") {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("program {i}: compile error {e}\n{src}"));
                continue;
            }
        };
        let got: Vec<String> = walk(&code)
            .into_iter()
            .flat_map(describe)
            .map(|s| s.trim_end().to_string())
            .collect();
        for (k, w) in want.iter().enumerate() {
            fields += 1;
            let g = got.get(k).cloned().unwrap_or_default();
            if &g == w {
                matched += 1;
            } else {
                failures.push(format!(
                    "program {i} line {k}:\n  want {w}\n  got  {g}\n{src}"
                ));
            }
        }
        if got.len() != want.len() {
            failures.push(format!(
                "program {i}: {} lines, want {}",
                got.len(),
                want.len()
            ));
        }
    }
    eprintln!("codegen_ast_cases: {matched}/{fields} fields match");
    if !failures.is_empty() {
        panic!("{} mismatches:\n{}", failures.len(), failures.join("\n"));
    }
}

#[test]
fn errors_match_cpython() {
    let t = std::thread::Builder::new()
        .stack_size(1 << 28)
        .spawn(check_errors)
        .expect("spawn");
    if let Err(e) = t.join() {
        std::panic::resume_unwind(e);
    }
}

fn check_errors() {
    use py_fn_compiler::ErrorKind;
    let mut failures = Vec::new();
    for (src, module, want) in programs::error_programs() {
        let st = match SymbolTable::build(&module) {
            Ok(st) => st,
            Err(e) => {
                failures.push(format!("symtable error {e}\n{src}"));
                continue;
            }
        };
        match (compile_module(&module, &st, "prog.py"), want) {
            (Ok(_), _) => failures.push(format!("compiled, want an error\n{src}")),
            (Err(e), None) => {
                if e.kind != ErrorKind::Unsupported {
                    failures.push(format!(
                        "want an unsupported-construct error, got {e}\n{src}"
                    ));
                }
            }
            (Err(e), Some((kind, msg, line, col, end_line, end_col))) => {
                let got = (
                    e.kind.name(),
                    e.msg.as_str(),
                    e.line,
                    e.col,
                    e.end_line,
                    e.end_col,
                );
                if got != (kind, msg, line, col, end_line, end_col) {
                    failures.push(format!(
                        "want {:?}\n got {:?}\n{src}",
                        (kind, msg, line, col, end_line, end_col),
                        got
                    ));
                }
            }
        }
    }
    if !failures.is_empty() {
        panic!("{} mismatches:\n{}", failures.len(), failures.join("\n"));
    }
}
