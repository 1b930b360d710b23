//! Small random mutations of the case files: py_fn's parser gives CPython
//! 3.11's verdict (the same AST, or the same error class, message and
//! position).
//!
//! `tests/fixtures/parse/mutations.txt` was written by
//! `python3 tests/fixtures/parse/mutations_gen.py` (CPython 3.11.7).

mod parse_support;

use std::path::Path;

use py_fn_compiler::parser::parse_module;

fn fnv1a64(data: &[u8]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for &b in data {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| s.get(2 * i..2 * i + 2))
        .filter_map(|b| u8::from_str_radix(b, 16).ok())
        .collect()
}

#[test]
fn mutated_snippets_get_cpythons_verdict() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse/mutations.txt");
    let text = std::fs::read_to_string(path).expect("mutations fixture");
    let mut failures = Vec::new();
    let mut total = 0;
    for (i, line) in text.lines().enumerate() {
        let Some((hex, expected)) = line.split_once('\t') else {
            continue;
        };
        total += 1;
        let source = String::from_utf8_lossy(&unhex(hex)).into_owned();
        let ours = match parse_module(&source) {
            Ok(m) => {
                let dump = parse_support::dump_module(&m);
                format!("OK {:016x}", fnv1a64(dump.as_bytes()))
            }
            Err(e) => format!(
                "ERR {}\t{}\t{}\t{}\t{}\t{}",
                e.kind.name(),
                e.msg,
                e.line,
                e.col,
                e.end_line,
                e.end_col
            ),
        };
        if ours != expected {
            failures.push(format!(
                "line {}: {source:?}\n  ours:    {ours}\n  cpython: {expected}",
                i + 1
            ));
        }
    }
    assert!(total >= 1000, "only {total} cases");
    assert!(
        failures.is_empty(),
        "{} of {total} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
