//! Which functions get an int path (`rustgen::int_plan`): a function calling
//! a function without one loses its own, through any length of call chain,
//! in time linear in the chain.

use std::time::{Duration, Instant};

use py_fn_compiler::rustgen::RustgenOptions;

/// `f0` calls `f1` ... calls `f{n-1}`, whose body is `last`.
fn chain(n: usize, last: &str) -> String {
    let mut src = String::new();
    for i in 0..n - 1 {
        src.push_str(&format!("def f{i}(x):\n    return f{}(x) + 1\n", i + 1));
    }
    src.push_str(&format!("def f{}(x):\n    {last}\n", n - 1));
    src
}

fn int_paths(src: &str) -> (usize, Duration) {
    let start = Instant::now();
    let tokens = py_fn_compiler::compile_to_rust(src, "chain.py", &RustgenOptions::default())
        .expect("the chain compiles");
    let elapsed = start.elapsed();
    let text = tokens.to_string();
    (text.matches("The int path of").count(), elapsed)
}

#[test]
fn an_int_only_chain_has_an_int_path_in_every_function() {
    let (paths, _) = int_paths(&chain(50, "return x * 2"));
    assert_eq!(paths, 50);
}

#[test]
fn one_function_without_an_int_path_takes_it_from_all_its_callers() {
    // `[x]` is a list: `f49` has no int path, so none of its callers has.
    let (paths, _) = int_paths(&chain(50, "return len([x])"));
    assert_eq!(paths, 0);
}

#[test]
fn a_long_chain_is_planned_in_linear_time() {
    // 5,000 functions: a quadratic plan (one removal per pass) took
    // seconds; the whole expansion stays well under that even unoptimised.
    let (paths, elapsed) = int_paths(&chain(5_000, "return len([x])"));
    assert_eq!(paths, 0);
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}
