//! The methods and attributes of `int`, `bool` and `float` against
//! python3: `bit_length`, `bit_count`, `to_bytes`/`from_bytes` (signed and
//! unsigned, both byte orders), `as_integer_ratio`, `conjugate`,
//! `real`/`imag`/`numerator`/`denominator`, `is_integer`, `hex` and
//! `fromhex` (rounded half to even, subnormals, overflow), with every
//! error text. Expected results: `fixtures/eval/int_float_methods.expected`,
//! written by python3 (`fixtures/eval/gen_eval.py`).

mod pyeval;

#[test]
fn int_and_float_methods_match_cpython() {
    let n = pyeval::check(
        "int_float_methods",
        include_str!("fixtures/eval/int_float_methods.expected"),
    );
    assert_eq!(n, 369);
}
