//! Code generation checked against CPython 3.11.7 over many programs: each
//! program of `fixtures/codegen/programs.txt`, `random.txt` (seeded random
//! tier-1 programs) and the tier-1 conformance cases
//! (`conformance/cases/t1_*.py`) is compiled, and every code object is
//! compared with what CPython's `compile()` built (`expected.txt`); each
//! program of `errors.txt` must fail as CPython fails (`errors_expected.txt`).
//! The expectations are written by `python3 gen_ast_cases.py` in
//! `fixtures/codegen/`. (The parser's ASTs are checked against CPython's
//! `ast` module separately, in `parse_ast.rs`.)

mod conformance_files;

use std::path::Path;

use py_fn_bytecode::json::{const_repr, walk};
use py_fn_bytecode::CodeData;

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
    let t = std::thread::Builder::new()
        .stack_size(1 << 29)
        .spawn(check_every_program)
        .expect("spawn");
    if let Err(e) = t.join() {
        std::panic::resume_unwind(e);
    }
}

fn check_every_program() {
    let expected = fixture("expected.txt");
    let mut blocks: Vec<Vec<String>> = Vec::new();
    for line in expected.lines() {
        if line.starts_with("=== program") {
            blocks.push(Vec::new());
        } else if let Some(b) = blocks.last_mut() {
            b.push(line.trim_end().to_string());
        }
    }
    let progs = programs();
    assert_eq!(progs.len(), blocks.len());
    eprintln!("codegen ast cases: {} programs", progs.len());
    let mut failures = Vec::new();
    let mut fields = 0;
    let mut matched = 0;
    for (i, (src, want)) in progs.iter().zip(blocks.iter()).enumerate() {
        let code = match py_fn_compiler::compile(src, "prog.py") {
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
    let sources = split_programs(&fixture("errors.txt"));
    let expected = fixture("errors_expected.txt");
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(sources.len(), expected.len());
    let mut failures = Vec::new();
    for (src, want) in sources.iter().zip(expected) {
        match (py_fn_compiler::compile(src, "prog.py"), want) {
            (Ok(_), _) => failures.push(format!("compiled, want an error\n{src}")),
            (Err(e), "None") => {
                if e.kind != ErrorKind::Unsupported {
                    failures.push(format!(
                        "want an unsupported-construct error, got {e}\n{src}"
                    ));
                }
            }
            (Err(e), want) => {
                let got = format!(
                    "{}|{}|{}|{}|{}|{}",
                    e.kind.name(),
                    e.msg,
                    e.line,
                    e.col,
                    e.end_line,
                    e.end_col
                );
                if got != want {
                    failures.push(format!("want {want}\n got {got}\n{src}"));
                }
            }
        }
    }
    if !failures.is_empty() {
        panic!("{} mismatches:\n{}", failures.len(), failures.join("\n"));
    }
}

fn fixture(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/codegen");
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Programs separated by lines holding only `# ---`, as the generator splits them.
fn split_programs(text: &str) -> Vec<String> {
    text.split("\n# ---\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("{}\n", p.trim_matches('\n')))
        .collect()
}

/// Every program, in the generator's order.
fn programs() -> Vec<String> {
    let mut progs = split_programs(&fixture("programs.txt"));
    progs.extend(split_programs(&fixture("random.txt")));
    for case in conformance_files::case_names("t1_") {
        progs.push(conformance_files::source(&case));
    }
    progs
}
