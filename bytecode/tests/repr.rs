//! Python `repr()` against CPython 3.11.7.
//!
//! Fixtures written by `python3 bytecode/tests/fixtures/gen_fixtures.py`:
//! `floats.txt` (`struct.pack(">d", x).hex()` and `repr(x)` for random
//! doubles, powers of ten and two, integers and edge cases), `strings.txt`
//! (UTF-8 hex of `s` and of `repr(s)`: every code point below U+3000, a sample
//! above, random mixes of quotes and escapes) and `bytes.txt` (`b.hex()` and
//! `repr(b)`).

use py_fn_bytecode::repr::{bytes_repr, complex_repr, float_repr, str_repr};
use py_fn_bytecode::Constant;
use std::borrow::Cow;

fn hex(s: &str) -> Vec<u8> {
    if s == "-" {
        return Vec::new();
    }
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

#[test]
fn float_repr_matches_cpython() {
    let mut n = 0;
    for line in include_str!("fixtures/floats.txt").lines() {
        let (bits, expected) = line.split_once(' ').unwrap();
        let x = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
        assert_eq!(float_repr(x), expected, "bits {bits}");
        n += 1;
    }
    assert!(n > 5000, "{n} floats");
}

#[test]
fn str_repr_matches_cpython() {
    let mut n = 0;
    for line in include_str!("fixtures/strings.txt").lines() {
        let (s, expected) = line.split_once(' ').unwrap();
        let s = String::from_utf8(hex(s)).unwrap();
        let expected = String::from_utf8(hex(expected)).unwrap();
        assert_eq!(str_repr(&s), expected, "{s:?}");
        n += 1;
    }
    assert!(n > 20000, "{n} strings");
}

#[test]
fn bytes_repr_matches_cpython() {
    for line in include_str!("fixtures/bytes.txt").lines() {
        let (b, expected) = line.split_once(' ').unwrap();
        assert_eq!(bytes_repr(&hex(b)), expected);
    }
}

#[test]
fn complex_repr_matches_cpython() {
    // python3 -c 'print(repr(3j), repr(1.5j), repr(1e16j), repr(complex(1,2)),
    //   repr(complex(-0.0,-1.5)), repr(complex(1,float("nan"))),
    //   repr(complex(0, float("inf"))), repr(-0j), repr(complex(1,-float("nan"))))'
    // 3j 1.5j 1e+16j (1+2j) (-0-1.5j) (1+nanj) infj (-0-0j) (1+nanj)
    assert_eq!(complex_repr(0.0, 3.0), "3j");
    assert_eq!(complex_repr(0.0, 1.5), "1.5j");
    assert_eq!(complex_repr(0.0, 1e16), "1e+16j");
    assert_eq!(complex_repr(1.0, 2.0), "(1+2j)");
    assert_eq!(complex_repr(-0.0, -1.5), "(-0-1.5j)");
    assert_eq!(complex_repr(1.0, f64::NAN), "(1+nanj)");
    assert_eq!(complex_repr(0.0, f64::INFINITY), "infj");
    assert_eq!(complex_repr(-0.0, -0.0), "(-0-0j)");
    assert_eq!(complex_repr(1.0, -f64::NAN), "(1+nanj)");
}

#[test]
fn constant_reprs_match_cpython() {
    // python3 -c 'print(repr(...), repr(((1,),())), repr(2**70), repr((None, True, "a")))'
    // Ellipsis ((1,), ()) 1180591620717411303424 (None, True, 'a')
    assert_eq!(Constant::Ellipsis.repr(), "Ellipsis");
    let nested = Constant::Tuple(Cow::Owned(vec![
        Constant::Tuple(Cow::Owned(vec![Constant::Int(1)])),
        Constant::Tuple(Cow::Owned(vec![])),
    ]));
    assert_eq!(nested.repr(), "((1,), ())");
    assert_eq!(
        Constant::BigInt(Cow::Borrowed("1180591620717411303424")).repr(),
        "1180591620717411303424"
    );
    let mixed = Constant::Tuple(Cow::Owned(vec![
        Constant::None,
        Constant::Bool(true),
        Constant::Str(Cow::Borrowed("a")),
    ]));
    assert_eq!(mixed.repr(), "(None, True, 'a')");
    assert_eq!(Constant::Complex(3.0).repr(), "3j");
}

#[test]
fn frozenset_reprs_match_cpython() {
    // python3 -c 'print(repr(frozenset()), repr(frozenset([1])), repr(frozenset({(1, "a"), 2.5})))'
    // frozenset() frozenset({1}) frozenset({2.5, (1, 'a')})
    assert_eq!(
        Constant::FrozenSet(Cow::Owned(vec![])).repr(),
        "frozenset()"
    );
    assert_eq!(
        Constant::FrozenSet(Cow::Owned(vec![Constant::Int(1)])).repr(),
        "frozenset({1})"
    );
    let items = vec![
        Constant::Float(2.5),
        Constant::Tuple(Cow::Owned(vec![
            Constant::Int(1),
            Constant::Str(Cow::Borrowed("a")),
        ])),
    ];
    assert_eq!(
        Constant::FrozenSet(Cow::Owned(items)).repr(),
        "frozenset({2.5, (1, 'a')})"
    );
}
