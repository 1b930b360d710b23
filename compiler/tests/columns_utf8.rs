//! Code objects count columns in UTF-8 bytes, as CPython's do: every line
//! table of programs with non-ASCII text (strings, NFKC identifiers,
//! comments, multi-line strings, CRLF line ends) equals CPython 3.11's
//! (`fixtures/columns/expected.txt`, written by `gen.py` with python3).

use py_fn_bytecode::code::Constant;
use py_fn_bytecode::CodeData;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/columns")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

fn walk<'c>(code: &'c CodeData, out: &mut Vec<&'c CodeData>) {
    out.push(code);
    for c in code.consts.iter() {
        if let Constant::Code(inner) = c {
            walk(inner, out);
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn line_tables_of_non_ascii_programs_are_cpythons() {
    let programs: Vec<String> = fixture("programs.txt")
        .split("# ---\n")
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect();
    let expected = fixture("expected.txt");
    let mut blocks = expected.split("# --- ").filter(|b| !b.is_empty());
    assert_eq!(programs.len(), 5);
    for (i, src) in programs.iter().enumerate() {
        let block = blocks.next().expect("an expected block per program");
        let want: Vec<&str> = block.lines().skip(1).collect();
        let code = py_fn_compiler::compile(src, "case.py").expect("compiles");
        let mut codes = Vec::new();
        walk(&code, &mut codes);
        let got: Vec<String> = codes
            .iter()
            .map(|c| format!("{} {}", c.qualname, hex(&c.linetable)))
            .collect();
        assert_eq!(got, want, "program {i}:\n{src}");
    }
}
