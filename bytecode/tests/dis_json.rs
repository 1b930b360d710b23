//! `dis` text and the oracle's JSON against CPython 3.11.7, for every code
//! object of every conformance case (t1, t2, t3), the seeds and a few extra
//! sources.
//!
//! Fixtures in `fixtures/cases/`, written by
//! `python3 bytecode/tests/fixtures/gen_fixtures.py CASES_DIR...`:
//! `NAME.rich.json` (every code object with typed constants, line table and
//! exception table) and `NAME.dis.txt` (what `dis.dis(module_code)` prints,
//! addresses written `0x0`). The oracle's file `NAME.code.json` is read from
//! the conformance corpus for its programs (`conformance/expected/tN_*.code.json`,
//! `conformance/seeds/seed_*.code.json`) and from `fixtures/cases/` for the
//! extra sources (`extraN`).

use py_fn_bytecode::dis::{dis_recursive, disassemble, parse_exception_table, ExceptionTableEntry};
use py_fn_bytecode::json::{case_json, parse, Json};
use py_fn_bytecode::{CodeData, Constant};
use std::borrow::Cow;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases")
}

/// The case stems that have a rich dump, sorted.
fn stems() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".rich.json").map(str::to_string)
        })
        .collect();
    out.sort();
    eprintln!("dis_json: {} cases", out.len());
    out
}

fn read(stem: &str, suffix: &str) -> String {
    std::fs::read_to_string(fixtures().join(format!("{stem}{suffix}"))).unwrap()
}

/// The oracle's `NAME.code.json` of a case: the conformance corpus's own
/// for its programs (`seed_*`, `tN_*`), the fixture's for the extra sources.
fn code_json(stem: &str) -> String {
    let conformance = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../conformance");
    let tier = stem
        .strip_prefix('t')
        .map(|rest| rest.bytes().take_while(u8::is_ascii_digit).count())
        .is_some_and(|digits| digits > 0 && stem[1 + digits..].starts_with('_'));
    let path = if stem.starts_with("seed_") {
        conformance.join("seeds").join(format!("{stem}.code.json"))
    } else if tier {
        conformance
            .join("expected")
            .join(format!("{stem}.code.json"))
    } else {
        fixtures().join(format!("{stem}.code.json"))
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn strs(v: &Json) -> Cow<'static, [Cow<'static, str>]> {
    Cow::Owned(
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| Cow::Owned(s.as_str().unwrap().to_string()))
            .collect(),
    )
}

fn float(bits: &Json) -> f64 {
    f64::from_bits(u64::from_str_radix(bits.as_str().unwrap(), 16).unwrap())
}

fn constant(v: &Json, objs: &[Json]) -> Constant {
    let items = v.as_array().unwrap();
    let tag = items[0].as_str().unwrap();
    match tag {
        "None" => Constant::None,
        "Ellipsis" => Constant::Ellipsis,
        "Bool" => Constant::Bool(items[1].as_bool().unwrap()),
        "Int" => {
            let text = items[1].as_str().unwrap();
            match text.parse::<i64>() {
                Ok(i) => Constant::Int(i),
                Err(_) => Constant::BigInt(Cow::Owned(text.to_string())),
            }
        }
        "Float" => Constant::Float(float(&items[1])),
        "Complex" => Constant::Complex(float(&items[1])),
        "Str" => Constant::Str(Cow::Owned(items[1].as_str().unwrap().to_string())),
        "Bytes" => Constant::Bytes(Cow::Owned(hex(items[1].as_str().unwrap()))),
        "Tuple" => Constant::Tuple(Cow::Owned(
            items[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| constant(c, objs))
                .collect(),
        )),
        "Code" => {
            let i = items[1].as_i64().unwrap() as usize;
            Constant::Code(Cow::Owned(code_data(&objs[i], objs)))
        }
        _ => panic!("unknown constant tag {tag}"),
    }
}

fn num(o: &Json, key: &str) -> u32 {
    o.get(key).unwrap().as_i64().unwrap() as u32
}

fn text(o: &Json, key: &str) -> Cow<'static, str> {
    Cow::Owned(o.get(key).unwrap().as_str().unwrap().to_string())
}

fn code_data(o: &Json, objs: &[Json]) -> CodeData {
    CodeData {
        argcount: num(o, "argcount"),
        posonlyargcount: num(o, "posonlyargcount"),
        kwonlyargcount: num(o, "kwonlyargcount"),
        stacksize: num(o, "stacksize"),
        flags: num(o, "flags"),
        code: Cow::Owned(hex(o.get("code").unwrap().as_str().unwrap())),
        consts: Cow::Owned(
            o.get("consts")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|c| constant(c, objs))
                .collect(),
        ),
        names: strs(o.get("names").unwrap()),
        varnames: strs(o.get("varnames").unwrap()),
        cellvars: strs(o.get("cellvars").unwrap()),
        freevars: strs(o.get("freevars").unwrap()),
        filename: text(o, "filename"),
        name: text(o, "name"),
        qualname: text(o, "qualname"),
        firstlineno: num(o, "firstlineno"),
        linetable: Cow::Owned(hex(o.get("linetable").unwrap().as_str().unwrap())),
        exceptiontable: Cow::Owned(hex(o.get("exceptiontable").unwrap().as_str().unwrap())),
    }
}

/// The module code object of a case, with its nested code objects.
fn module(stem: &str) -> CodeData {
    let rich = parse(&read(stem, ".rich.json")).unwrap();
    let objs = rich.get("code_objects").unwrap().as_array().unwrap();
    code_data(&objs[0], objs)
}

#[test]
fn disassemble_matches_dis_for_every_code_object() {
    let mut total = 0;
    let mut failures = Vec::new();
    for stem in stems() {
        let expected = parse(&code_json(&stem)).unwrap();
        let expected = expected.get("code_objects").unwrap().as_array().unwrap();
        let module = module(&stem);
        let got = py_fn_bytecode::json::walk(&module);
        assert_eq!(got.len(), expected.len(), "{stem}");
        for (code, exp) in got.iter().zip(expected) {
            total += 1;
            let want = exp.get("dis").unwrap().as_str().unwrap();
            let have = disassemble(code);
            if have != want {
                failures.push(format!(
                    "{stem}:{}\n--- want\n{want}--- got\n{have}",
                    code.qualname
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}/{total} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total > 250, "{total} code objects");
}

#[test]
fn dis_recursive_matches_dis_dis() {
    for stem in stems() {
        assert_eq!(
            dis_recursive(&module(&stem)),
            read(&stem, ".dis.txt"),
            "{stem}"
        );
    }
}

#[test]
fn case_json_is_byte_identical_to_the_oracle() {
    for stem in stems() {
        let got = case_json(&format!("{stem}.py"), &module(&stem));
        let want = code_json(&stem);
        if got != want {
            let line = got.lines().zip(want.lines()).position(|(a, b)| a != b);
            panic!("{stem}: first difference at line {line:?}");
        }
    }
}

#[test]
fn parse_then_dump_round_trips_every_oracle_file() {
    let mut n = 0;
    for stem in stems() {
        let text = code_json(&stem);
        let value = parse(&text).unwrap();
        assert_eq!(value.dumps() + "\n", text, "{stem}");
        n += 1;
    }
    assert!(n >= 61, "{n} files");
}

#[test]
fn json_reader_follows_python() {
    // python3 -c 'import json; print(json.loads("{\"a\": 1, \"b\": [1.5, -2e3, null], \"a\": 2}"))'
    // {'a': 2, 'b': [1.5, -2000.0, None]}
    let v = parse("{\"a\": 1, \"b\": [1.5, -2e3, null], \"a\": 2}").unwrap();
    assert_eq!(
        v,
        Json::Object(vec![
            ("a".into(), Json::Int(2)),
            (
                "b".into(),
                Json::Array(vec![Json::Float(1.5), Json::Float(-2000.0), Json::Null])
            ),
        ])
    );
    // python3 -c 'import json; print(repr(json.dumps(json.loads(
    //   "[\"\\ud83d\\ude00\\u0001\\t\", {}, [], 1e400]"), indent=2, ensure_ascii=False)))'
    // '[\n  "😀\\u0001\\t",\n  {},\n  [],\n  Infinity\n]'
    let v = parse("[\"\\ud83d\\ude00\\u0001\\t\", {}, [], 1e400]").unwrap();
    assert_eq!(
        v.dumps(),
        "[\n  \"\u{1f600}\\u0001\\t\",\n  {},\n  [],\n  Infinity\n]"
    );
    // json.loads rejects these too, except the lone surrogate `"\\ud800"`,
    // which Python reads but a Rust `String` cannot hold.
    for bad in [
        "",
        "[",
        "{\"a\" 1}",
        "[1,]",
        "\"\\x\"",
        "01",
        "[1] 2",
        "\"\u{1}\"",
        "\"\\ud800\"",
    ] {
        assert!(parse(bad).is_err(), "{bad:?} accepted");
    }
    let deep = "[".repeat(100_000);
    assert!(parse(&deep).is_err());
}

#[test]
fn exception_table_entries_decode_like_dis() {
    // et.py = "def f():\n    try:\n        g()\n    except E:\n        pass\n"; python3 -c
    // 'import dis; ns = {}; exec(compile(open("et.py").read(), "et.py", "exec"), ns);
    // f = ns["f"]; print(f.__code__.co_exceptiontable.hex());
    // print(dis._parse_exception_table(f.__code__))'
    // 820e1200920a20039f012003
    // [(start=4, end=32, target=36, depth=0, lasti=False),
    //  (start=36, end=56, target=64, depth=1, lasti=True),
    //  (start=62, end=64, target=64, depth=1, lasti=True)]
    let entry = |start, end, target, depth, lasti| ExceptionTableEntry {
        start,
        end,
        target,
        depth,
        lasti,
    };
    assert_eq!(
        parse_exception_table(&hex("820e1200920a20039f012003")),
        vec![
            entry(4, 32, 36, 0, false),
            entry(36, 56, 64, 1, true),
            entry(62, 64, 64, 1, true),
        ]
    );
    // A truncated entry is dropped, as `_parse_exception_table` does.
    assert_eq!(parse_exception_table(&hex("820e12")), vec![]);
}

/// A small deterministic generator for garbage inputs.
fn lcg(state: &mut u64) -> u8 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*state >> 33) as u8
}

#[test]
fn garbage_code_objects_do_not_panic() {
    let mut state = 7u64;
    let base = module("t1_basic_closure");
    for round in 0..2000 {
        let mut bytes = |n: usize| -> Vec<u8> { (0..n).map(|_| lcg(&mut state)).collect() };
        let mut code = base.clone();
        let len = round % 97;
        code.code = Cow::Owned(bytes(len));
        code.linetable = Cow::Owned(bytes(round % 31));
        code.exceptiontable = Cow::Owned(bytes(round % 13));
        let _ = disassemble(&code);
        let _ = dis_recursive(&code);
        let _ = case_json("x.py", &code);
        let garbage = String::from_utf8_lossy(&bytes(round % 40)).into_owned();
        let _ = parse(&garbage);
    }
}
