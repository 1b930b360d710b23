//! Every method of `str` against python3: case mappings and predicates
//! over Unicode samples (CPython 3.11's Unicode 14 data), searching with
//! `start`/`end`, splitting, partitioning, padding, `translate`,
//! `maketrans`, `encode`, `format_map`, and every argument error. Expected
//! results: `fixtures/eval/str_methods.expected`, written by python3
//! (`fixtures/eval/gen_eval.py`).

mod pyeval;

#[test]
fn str_methods_match_cpython() {
    let n = pyeval::check(
        "str_methods",
        include_str!("fixtures/eval/str_methods.expected"),
    );
    assert_eq!(n, 868);
}
