//! The 3.11 location table against CPython 3.11.7: decoding CPython's
//! `co_linetable` gives `co_lines()` and `co_positions()`, and encoding
//! `co_positions()` (one entry per instruction) gives CPython's bytes back.
//!
//! Expected values: `fixtures/linetables.txt`, written by
//! `python3 bytecode/tests/fixtures/gen_fixtures.py` (`linetables()`: every
//! code object of the conformance cases, the seeds and a few extra sources
//! with long lines, far-apart lines and multi-line expressions).

use py_fn_bytecode::linetable::{
    encode, encode_locations, line_starts, lines, positions, LineEntry, Location, Position,
};
use py_fn_bytecode::Opcode;

const FIXTURE: &str = include_str!("fixtures/linetables.txt");

struct Case {
    name: String,
    firstlineno: u32,
    code: Vec<u8>,
    linetable: Vec<u8>,
    lines: Vec<(u32, u32, Option<u32>)>,
    positions: Vec<Location>,
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn opt(s: &str) -> Option<u32> {
    if s == "-" {
        None
    } else {
        Some(s.parse().unwrap())
    }
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut it = FIXTURE.lines();
    while let Some(head) = it.next() {
        let head: Vec<&str> = head.split(' ').collect();
        assert_eq!(head[0], "code");
        let field = |line: Option<&str>, key: &str| -> String {
            let line = line.unwrap();
            let rest = line.strip_prefix(key).unwrap();
            rest.trim_start().to_string()
        };
        let code = hex(&field(it.next(), "bytecode"));
        let linetable = hex(&field(it.next(), "linetable"));
        let lines = field(it.next(), "lines")
            .split_whitespace()
            .map(|t| {
                let v: Vec<&str> = t.split(',').collect();
                (v[0].parse().unwrap(), v[1].parse().unwrap(), opt(v[2]))
            })
            .collect();
        let positions = field(it.next(), "positions")
            .split_whitespace()
            .map(|t| {
                let v: Vec<&str> = t.split(',').collect();
                Location {
                    line: opt(v[0]),
                    end_line: opt(v[1]),
                    col: opt(v[2]),
                    end_col: opt(v[3]),
                }
            })
            .collect();
        assert_eq!(it.next(), Some("end"));
        out.push(Case {
            name: head[1].to_string(),
            firstlineno: head[2].parse().unwrap(),
            code,
            linetable,
            lines,
            positions,
        });
    }
    out
}

/// Code-unit lengths of the instructions of `code` (an `EXTENDED_ARG`
/// prefix belongs to the instruction it extends, as in the assembler).
fn instruction_units(code: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut pending = 0;
    while i < code.len() {
        let op = Opcode::from_u8(code[i]).unwrap();
        let units = 1 + op.cache_entries() as u32;
        i += 2 * units as usize;
        if op == Opcode::EXTENDED_ARG {
            pending += units;
            continue;
        }
        out.push(pending + units);
        pending = 0;
    }
    out
}

#[test]
fn decoding_cpython_tables_gives_co_lines_and_co_positions() {
    let cases = cases();
    assert!(cases.len() > 150, "{} code objects", cases.len());
    for c in &cases {
        let units = (c.code.len() / 2) as u32;
        assert_eq!(
            lines(&c.linetable, c.firstlineno, units),
            c.lines,
            "{}",
            c.name
        );
        assert_eq!(
            positions(&c.linetable, c.firstlineno, units),
            c.positions,
            "{}",
            c.name
        );
    }
}

#[test]
fn encoding_co_positions_per_instruction_gives_cpython_bytes() {
    for c in cases() {
        let mut entries = Vec::new();
        let mut at = 0usize;
        for units in instruction_units(&c.code) {
            entries.push((units, c.positions[at]));
            at += units as usize;
        }
        assert_eq!(at, c.positions.len(), "{}", c.name);
        assert_eq!(
            encode_locations(c.firstlineno, &entries),
            c.linetable,
            "{}",
            c.name
        );
        // Every instruction compiled from source has full positions or none,
        // so the `LineEntry` form encodes the same bytes.
        let full: Option<Vec<LineEntry>> = entries
            .iter()
            .map(|&(units, loc)| match loc {
                Location { line: None, .. } => Some(LineEntry { units, pos: None }),
                Location {
                    line: Some(line),
                    end_line: Some(end_line),
                    col: Some(col),
                    end_col: Some(end_col),
                } => Some(LineEntry {
                    units,
                    pos: Some(Position {
                        line,
                        end_line,
                        col,
                        end_col,
                    }),
                }),
                _ => None,
            })
            .collect();
        if let Some(full) = full {
            assert_eq!(encode(c.firstlineno, &full), c.linetable, "{}", c.name);
        }
    }
}

#[test]
fn line_starts_follow_findlinestarts() {
    // lt1.py = "def f(a):\n    x = 1\n    return x\n"; python3 -c 'import dis;
    // ns = {}; exec(compile(open("lt1.py").read(), "lt1.py", "exec"), ns); f = ns["f"];
    // print(list(dis.findlinestarts(f.__code__)), f.__code__.co_linetable.hex())'
    // [(0, 1), (2, 2), (6, 3)] 8000d808098041d80b0c8048
    let table = hex("8000d808098041d80b0c8048");
    assert_eq!(line_starts(&table, 1, 5), vec![(0, 1), (2, 2), (6, 3)]);
}

fn at(line: u32, col: u32, end_col: u32) -> Option<Position> {
    Some(Position {
        line,
        end_line: line,
        col,
        end_col,
    })
}

#[test]
fn long_instructions_split_into_entries_of_eight_units() {
    // lt2.py = "def g(a):\n    return a.b()\n" (LOAD_METHOD is 11 code units);
    // as above: g.__code__.co_linetable.hex(), list(g.__code__.co_lines())
    // 8000d80b0c8f338a3389358c35804c
    // [(0, 2, 1), (2, 4, 2), (4, 20, 2), (20, 26, 2), (26, 30, 2), (30, 40, 2), (40, 42, 2)]
    // co_positions() per instruction: RESUME (1,1,0,0), LOAD_FAST (2,2,11,12),
    // LOAD_METHOD (2,2,11,14), PRECALL and CALL (2,2,11,16), RETURN_VALUE (2,2,4,16).
    let entries = [
        LineEntry {
            units: 1,
            pos: at(1, 0, 0),
        },
        LineEntry {
            units: 1,
            pos: at(2, 11, 12),
        },
        LineEntry {
            units: 11,
            pos: at(2, 11, 14),
        },
        LineEntry {
            units: 2,
            pos: at(2, 11, 16),
        },
        LineEntry {
            units: 5,
            pos: at(2, 11, 16),
        },
        LineEntry {
            units: 1,
            pos: at(2, 4, 16),
        },
    ];
    let bytes = encode(1, &entries);
    assert_eq!(bytes, hex("8000d80b0c8f338a3389358c35804c"));
    assert_eq!(
        lines(&bytes, 1, 21),
        vec![
            (0, 2, Some(1)),
            (2, 4, Some(2)),
            (4, 20, Some(2)),
            (20, 26, Some(2)),
            (26, 30, Some(2)),
            (30, 40, Some(2)),
            (40, 42, Some(2)),
        ]
    );
}

#[test]
fn malformed_tables_do_not_panic() {
    for bad in [
        &[0xf0u8][..],
        &[0x70],
        &[0xf0, 0xff, 0xff],
        &[0x80],
        &[0xd0, 0x41],
        &[0xe8, 0x40],
    ] {
        let _ = lines(bad, 1, 100);
        let _ = positions(bad, 1, 100);
    }
}

#[test]
fn random_tables_do_not_panic() {
    let mut state = 11u64;
    for round in 0..5000usize {
        let table: Vec<u8> = (0..round % 60)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 33) as u8 | 0x40
            })
            .collect();
        let _ = lines(&table, 1, 1000);
        let _ = positions(&table, u32::MAX, 1000);
        let _ = line_starts(&table, 0, 1000);
    }
}
