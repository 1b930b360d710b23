//! The marshal reader and writer against bytes CPython 3.11.7's `marshal`
//! wrote (`tests/data/marshal_cpython.txt`, made by `marshal_gen.py`), and
//! the reader on truncated, mutated and hostile inputs: always a value or
//! an error, never a panic.

use py_fn_bytecode::marshal::{self, MarshalError};
use py_fn_bytecode::{pyc, CodeData, Constant};

struct Entry {
    name: String,
    kind: String,
    cpython: Vec<u8>,
    /// CPython's bytes with the `FLAG_REF` bits cleared (constants only).
    plain: Option<Vec<u8>>,
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

fn entries() -> Vec<Entry> {
    include_str!("data/marshal_cpython.txt")
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "{line}");
            Entry {
                name: fields[0].to_string(),
                kind: fields[1].to_string(),
                cpython: unhex(fields[2]),
                plain: (fields[3] != "-").then(|| unhex(fields[3])),
            }
        })
        .collect()
}

fn entry(name: &str) -> Entry {
    entries()
        .into_iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entry {name}"))
}

fn s(text: &str) -> Constant {
    Constant::Str(text.to_string().into())
}

fn tuple(items: Vec<Constant>) -> Constant {
    Constant::Tuple(items.into())
}

fn big(text: &str) -> Constant {
    Constant::BigInt(text.to_string().into())
}

/// The values `marshal_gen.py` dumped, by name.
fn expected(name: &str) -> Constant {
    match name {
        "none" => Constant::None,
        "true" => Constant::Bool(true),
        "false" => Constant::Bool(false),
        "ellipsis" => Constant::Ellipsis,
        "int_0" => Constant::Int(0),
        "int_1" => Constant::Int(1),
        "int_neg1" => Constant::Int(-1),
        "int_i32_max" => Constant::Int(i64::from(i32::MAX)),
        "int_i32_min" => Constant::Int(i64::from(i32::MIN)),
        "int_2_31" => Constant::Int(1 << 31),
        "int_neg_2_31_minus_1" => Constant::Int(-(1 << 31) - 1),
        "int_i64_max" => Constant::Int(i64::MAX),
        "int_i64_min" => Constant::Int(i64::MIN),
        "int_2_63" => big("9223372036854775808"),
        "int_neg_2_100" => big("-1267650600228229401496703205376"),
        "int_10_50" => big(&format!("1{}", "0".repeat(50))),
        "float_1_5" => Constant::Float(1.5),
        "float_neg_0" => Constant::Float(-0.0),
        "float_inf" => Constant::Float(f64::INFINITY),
        "float_tiny" => Constant::Float(5e-324),
        "complex_1j" => Constant::Complex(1.0),
        "complex_neg_2_5j" => Constant::Complex(-2.5),
        "str_empty" => s(""),
        "str_name" => s("abc"),
        "str_space" => s("a b"),
        "str_long_ascii" => s(&"x y".repeat(100)),
        "str_long_name" => s(&"y".repeat(300)),
        "str_e_acute" => s("\u{e9}"),
        "str_snake" => s("\u{1f40d} snake"),
        "bytes_empty" => Constant::Bytes(vec![].into()),
        "bytes_mixed" => Constant::Bytes(b"ab\x00\xff".to_vec().into()),
        "tuple_empty" => tuple(vec![]),
        "tuple_small" => tuple(vec![Constant::Int(1), s("a b"), Constant::None]),
        "tuple_nested" => tuple(vec![
            tuple(vec![Constant::Float(1.5), Constant::Int(2)]),
            tuple(vec![Constant::Complex(3.0)]),
            Constant::Bytes(b"x".to_vec().into()),
        ]),
        "tuple_300" => tuple((1000..1300).map(Constant::Int).collect()),
        other => panic!("no expected value for {other}"),
    }
}

/// `-0.0 == 0.0` for `PartialEq`: compare floats by their bits.
fn same(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::Float(x), Constant::Float(y)) => x.to_bits() == y.to_bits(),
        (Constant::Tuple(x), Constant::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b))
        }
        _ => a == b,
    }
}

#[test]
fn constants_read_as_cpython_wrote_them() {
    let mut count = 0;
    for e in entries().into_iter().filter(|e| e.kind == "const") {
        let want = expected(&e.name);
        let got =
            marshal::read_constant(&e.cpython).unwrap_or_else(|err| panic!("{}: {err}", e.name));
        assert!(same(&got, &want), "{}: {got:?} != {want:?}", e.name);
        let plain = e.plain.as_ref().expect("constants have a plain form");
        let got = marshal::read_constant(plain).unwrap_or_else(|err| panic!("{}: {err}", e.name));
        assert!(same(&got, &want), "{}: plain form", e.name);
        count += 1;
    }
    assert_eq!(count, 35);
}

#[test]
fn constants_written_as_cpython_writes_them_without_references() {
    for e in entries().into_iter().filter(|e| e.kind == "const") {
        let bytes = marshal::write_constant(&expected(&e.name))
            .unwrap_or_else(|err| panic!("{}: {err}", e.name));
        assert_eq!(Some(&bytes), e.plain.as_ref(), "{}", e.name);
    }
}

fn names(list: &[py_fn_bytecode::Str]) -> Vec<&str> {
    list.iter().map(|s| s.as_ref()).collect()
}

fn nested(code: &CodeData, i: usize) -> &CodeData {
    match code.consts.get(i) {
        Some(Constant::Code(c)) => c,
        other => panic!("co_consts[{i}] is {other:?}"),
    }
}

#[test]
fn cpython_code_objects_read_with_their_references() {
    let module = marshal::read(&entry("code_closure").cpython).unwrap();
    assert_eq!(module.name, "<module>");
    assert_eq!(module.filename, "closure.py");
    assert_eq!(names(&module.names), ["outer", "print"]);
    let outer = nested(&module, 0);
    assert_eq!(outer.qualname, "outer");
    assert_eq!(outer.argcount, 2);
    assert_eq!(names(&outer.varnames), ["a", "b", "inner"]);
    // A parameter that is a cell comes first: localsplus order.
    assert_eq!(names(&outer.cellvars), ["a", "x"]);
    assert!(outer.freevars.is_empty());
    let inner = nested(outer, 1);
    assert_eq!(inner.qualname, "outer.<locals>.inner");
    assert_eq!(names(&inner.varnames), ["z"]);
    assert_eq!(names(&inner.freevars), ["a", "x"]);
    assert_eq!(inner.firstlineno, 3);

    let module = marshal::read(&entry("code_kinds").cpython).unwrap();
    let f = nested(&module, 2);
    assert_eq!((f.argcount, f.posonlyargcount, f.kwonlyargcount), (2, 1, 1));
    assert_eq!(names(&f.varnames), ["p", "q", "k", "args", "kw", "g"]);
    assert_eq!(names(&f.cellvars), ["q", "c"]);
    assert!(f.consts.contains(&s("caf\u{e9}")));
    let g = nested(f, 2);
    assert_eq!(names(&g.freevars), ["c", "q"]);

    let empty = marshal::read(&entry("code_empty").cpython).unwrap();
    assert_eq!(empty.code.as_ref(), b"\x97\x00d\x00S\x00");
    assert_eq!(empty.consts.as_ref(), [Constant::None]);
}

#[test]
fn code_objects_round_trip_through_the_writer() {
    for e in entries().into_iter().filter(|e| e.kind == "code") {
        let code = marshal::read(&e.cpython).unwrap();
        let bytes = marshal::write(&code).unwrap();
        assert_eq!(marshal::read(&bytes).unwrap(), code, "{}", e.name);
        let file = pyc::to_bytes(
            &code,
            pyc::Validation::Timestamp {
                mtime: 7,
                source_size: 9,
            },
        )
        .unwrap();
        let (validation, back) = pyc::from_bytes(&file).unwrap();
        assert_eq!(back, code);
        assert_eq!(
            validation,
            pyc::Validation::Timestamp {
                mtime: 7,
                source_size: 9
            }
        );
    }
}

#[test]
fn localsplus_kinds_are_cpythons() {
    // co_localspluskinds of outer in code_closure, as CPython wrote it.
    let module = marshal::read(&entry("code_closure").cpython).unwrap();
    let outer = nested(&module, 0);
    let (names, kinds) = marshal::localsplus_kinds(outer);
    assert_eq!(names, ["a", "b", "inner", "x"]);
    assert_eq!(kinds, [0x60, 0x20, 0x20, 0x40]);
}

// ----- hostile input ---------------------------------------------------------------

/// Every input of `inputs` gives a value or an error (a panic fails the test).
fn must_not_panic(inputs: impl IntoIterator<Item = Vec<u8>>) -> (usize, usize) {
    let (mut ok, mut err) = (0, 0);
    for input in inputs {
        match marshal::read(&input) {
            Ok(_) => ok += 1,
            Err(MarshalError::Read { offset, .. }) => {
                assert!(offset <= input.len());
                err += 1;
            }
            Err(other) => panic!("a read gave a write error: {other}"),
        }
        let _ = marshal::read_constant(&input);
        let _ = pyc::from_bytes(&input);
    }
    (ok, err)
}

fn samples() -> Vec<Vec<u8>> {
    let mut all: Vec<Vec<u8>> = entries().into_iter().map(|e| e.cpython).collect();
    for e in entries().into_iter().filter(|e| e.kind == "code") {
        all.push(marshal::write(&marshal::read(&e.cpython).unwrap()).unwrap());
    }
    all
}

#[test]
fn truncated_inputs_are_errors() {
    for sample in samples() {
        let prefixes = (0..sample.len()).map(|n| sample[..n].to_vec());
        let (ok, _) = must_not_panic(prefixes);
        assert_eq!(ok, 0, "a truncated code object was read");
        for n in 0..sample.len() {
            assert!(marshal::read_constant(&sample[..n]).is_err());
        }
    }
}

#[test]
fn mutated_inputs_give_a_value_or_an_error() {
    let mut total = 0;
    for sample in samples() {
        let mut inputs = Vec::new();
        for i in 0..sample.len() {
            for f in [
                |b: u8| b ^ 0x80,
                |b: u8| b.wrapping_add(1),
                |b: u8| b.wrapping_sub(1),
                |_| 0,
                |_| 0xff,
                |_| b'r',
                |_| b'(',
            ] {
                let mut m = sample.clone();
                m[i] = f(m[i]);
                inputs.push(m);
            }
            // A byte dropped, a byte doubled.
            let mut m = sample.clone();
            m.remove(i);
            inputs.push(m);
            let mut m = sample.clone();
            m.insert(i, sample[i]);
            inputs.push(m);
        }
        total += inputs.len();
        must_not_panic(inputs);
    }
    assert!(total > 20_000, "{total} mutated inputs");
}

#[test]
fn random_inputs_give_a_value_or_an_error() {
    // A fixed linear congruential generator: the same inputs every run.
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u8
    };
    let alphabet = b"cNTF.igyl sutaAzZ()r[{<>0?\x00\x01\x02\xff\xe3\xa9";
    let inputs = (0..20_000).map(|i| {
        let len = 1 + i % 64;
        (0..len)
            .map(|_| {
                let b = next();
                if b & 1 == 0 {
                    alphabet[usize::from(b >> 1) % alphabet.len()]
                } else {
                    next()
                }
            })
            .collect::<Vec<u8>>()
    });
    must_not_panic(inputs);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for opener in [&b")\x01"[..], b"(\x01\0\0\0", b"\xa9\x01"] {
        let mut input = opener.repeat(100_000);
        input.push(b'N');
        let err = marshal::read_constant(&input).unwrap_err();
        assert!(err.to_string().contains("recursion limit"), "{err}");
    }
    // At CPython's limit (2,000 objects deep) it reads back and writes
    // again, as on CPython 3.11.
    let mut input = b")\x01".repeat(1999);
    input.push(b'N');
    let value = marshal::read_constant(&input).unwrap();
    assert_eq!(marshal::write_constant(&value).unwrap(), input);
    let mut input = b")\x01".repeat(2000);
    input.push(b'N');
    assert!(marshal::read_constant(&input).is_err());
}

#[test]
fn depth_through_references_is_bounded_too() {
    // (T, ((((...(T)...)))) with T 1,001 objects deep, the second item a
    // reference to T under 1,000 tuples: read depth 1,002, value depth 2,002.
    let mut input = b"\xa9\x02\xa9\x01".to_vec();
    input.extend_from_slice(&b")\x01".repeat(999));
    input.push(b'N');
    input.extend_from_slice(&b")\x01".repeat(1000));
    input.extend_from_slice(b"r\x01\0\0\0");
    let err = marshal::read_constant(&input).unwrap_err();
    assert!(err.to_string().contains("through references"), "{err}");
}

#[test]
fn huge_sizes_are_errors_without_huge_allocations() {
    for input in [
        &b"(\xff\xff\xff\x7f"[..],
        b"s\xff\xff\xff\x7fab",
        b"u\xff\xff\xff\x7f",
        b"a\xff\xff\xff\x7f",
        b"l\xff\xff\xff\x7f",
        b"l\x01\x00\x00\x80",
        b"s\xff\xff\xff\xff",
    ] {
        assert!(marshal::read_constant(input).is_err(), "{input:?}");
    }
}

#[test]
fn references_that_copy_too_much_are_an_error() {
    // t0 = ('x' * 100,); t(n+1) = (t(n), t(n)) through references: a few
    // hundred bytes that would expand to 2**40 strings.
    let mut input = Vec::new();
    for _ in 0..40 {
        input.extend_from_slice(b"\xa9\x02");
    }
    input.extend_from_slice(b"\xe1\x64\0\0\0");
    input.extend_from_slice(&b"x".repeat(100));
    // Refs: 0..39 are the tuples (reserved first), 40 the string.
    input.extend_from_slice(b"r\x28\0\0\0");
    for i in (1..40u32).rev() {
        input.push(b'r');
        input.extend_from_slice(&i.to_le_bytes());
    }
    let err = marshal::read_constant(&input).unwrap_err();
    assert!(err.to_string().contains("references copy more"), "{err}");
}

#[test]
fn frozensets_read_and_write() {
    // marshal.dumps(frozenset({8, 4, 15})) on CPython 3.11: the items sorted
    // by their own marshal bytes.
    let cpython = b">\x03\x00\x00\x00\xe9\x04\x00\x00\x00\xe9\x08\x00\x00\x00\xe9\x0f\x00\x00\x00";
    let read = marshal::read_constant(cpython).unwrap();
    assert_eq!(
        read,
        Constant::FrozenSet(vec![Constant::Int(4), Constant::Int(8), Constant::Int(15)].into())
    );
    // Our constant holds CPython's iteration order, [8, 4, 15], and is
    // written in that order (no FLAG_REF bits): it reads back the same.
    let ours =
        Constant::FrozenSet(vec![Constant::Int(8), Constant::Int(4), Constant::Int(15)].into());
    let written = marshal::write_constant(&ours).unwrap();
    assert_eq!(
        written,
        b">\x03\x00\x00\x00i\x08\x00\x00\x00i\x04\x00\x00\x00i\x0f\x00\x00\x00".to_vec()
    );
    assert_eq!(marshal::read_constant(&written).unwrap(), ours);
}

#[test]
fn reader_rejects_what_constants_cannot_hold() {
    for (input, what) in [
        (&b"[\0\0\0\0"[..], "a list"),
        (b"{0", "a dict"),
        (b"<\0\0\0\0", "a set"),
        (b"S", "StopIteration"),
        (b"y\0\0\0\0\0\0\xf0?\0\0\0\0\0\0\xf0?", "real part"),
        (b"u\x01\0\0\0\xff", "UTF-8"),
        (b"0", "NULL"),
        (b"l\x01\0\0\0\0\x80", "digit out of range"),
        (b"l\x02\0\0\0\x01\0\0\0", "unnormalized"),
        (b"r\0\0\0\0", "invalid reference"),
        (b"NN", "left after"),
    ] {
        let err = marshal::read_constant(input).unwrap_err().to_string();
        assert!(err.contains(what), "{input:?}: {err}");
    }
}

#[test]
fn ascii_types_are_read_as_latin_1_like_cpython() {
    // marshal.loads(b'z\x01\xe9') == '\xe9' on CPython 3.11.
    assert_eq!(marshal::read_constant(b"z\x01\xe9").unwrap(), s("\u{e9}"));
}

#[test]
fn text_floats_of_old_versions_are_read() {
    // marshal.dumps(1.5, 1) == b'f\x031.5'; marshal.dumps(2j, 1) == b"x\x010\x012"
    assert_eq!(
        marshal::read_constant(b"f\x031.5").unwrap(),
        Constant::Float(1.5)
    );
    assert_eq!(
        marshal::read_constant(b"x\x010\x012").unwrap(),
        Constant::Complex(2.0)
    );
    assert!(marshal::read_constant(b"f\x03abc").is_err());
}

#[test]
fn writer_refuses_what_cpython_could_not_load() {
    let bad = marshal::write_constant(&big("12x")).unwrap_err();
    assert!(matches!(bad, MarshalError::Write { .. }), "{bad}");
    let mut deep = Constant::None;
    for _ in 0..2100 {
        deep = tuple(vec![deep]);
    }
    let err = marshal::write_constant(&deep).unwrap_err();
    assert!(err.to_string().contains("too deeply nested"), "{err}");
    // Dropping 2,100 nested tuples is recursive; keep the test thread's
    // stack for that, too.
    drop(deep);
}
