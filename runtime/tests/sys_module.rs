//! `sys` against python3: `version_info` as CPython's struct sequence
//! (tuple comparisons, indexing, unpacking, the named fields, its repr),
//! `maxsize`, `argv`, `getrecursionlimit`, `exit`, and the standard streams
//! (`sys.stdout.write` on the sink of `print`, `print(file=...)` through a
//! file's `write`). Expected results: `fixtures/eval/sys_module.expected`,
//! written by python3 (`fixtures/eval/gen_eval.py`).

mod pyeval;

#[test]
fn sys_module_matches_cpython() {
    let n = pyeval::check(
        "sys_module",
        include_str!("fixtures/eval/sys_module.expected"),
    );
    assert_eq!(n, 57);
}
