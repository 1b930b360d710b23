//! The `bytes` type against python3: its constructor forms, `+`, `*`,
//! `in`, indexing, and every method (ASCII case mappings and predicates,
//! searching with an int or bytes, splitting, padding, `decode` with the
//! UTF-8 error ranges and reasons of CPython, `hex`, `fromhex`,
//! `translate`, `maketrans`), with every error text. Expected results:
//! `fixtures/eval/bytes_methods.expected`, written by python3
//! (`fixtures/eval/gen_eval.py`).

mod pyeval;

#[test]
fn bytes_methods_match_cpython() {
    let n = pyeval::check(
        "bytes_methods",
        include_str!("fixtures/eval/bytes_methods.expected"),
    );
    assert_eq!(n, 347);
}
