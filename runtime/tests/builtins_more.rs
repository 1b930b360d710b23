//! The builtin functions added for programs written for CPython: `round`,
//! `pow`, `divmod`, `chr`, `ord`, `hex`, `oct`, `bin`, `map`, `filter`,
//! `reversed`, `iter(callable, sentinel)`, `slice`, `bytes`, `dir`,
//! `vars`, `exit`/`quit`, `hash`, `id`, `callable`, `__import__`: results
//! and every error text, against `fixtures/eval/builtins_more.expected`
//! (written by python3 with `fixtures/eval/gen_eval.py`).

mod pyeval;

#[test]
fn more_builtins_match_cpython() {
    let n = pyeval::check(
        "builtins_more",
        include_str!("fixtures/eval/builtins_more.expected"),
    );
    assert_eq!(n, 371);
}
