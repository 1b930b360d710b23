//! The Rust back end on pathological but legal programs: long flat lists
//! (30,000 `and`/`or` operands, comparators, parameters, arguments, items,
//! statements, locals, cells, definitions) must translate in near-linear
//! time on a thread with the default 8 MiB stack, and the tokens must stay
//! flat: their group nesting must not grow with the length of a list, so
//! that printing them (what the macro hands to rustc) cannot overflow.
//!
//! Every program here is one CPython 3.11 compiles: `python3 -c
//! "compile(open('F.py').read(), 'F.py', 'exec')"` accepts each source the
//! generators below write (checked with N = 30,000).

use std::time::{Duration, Instant};

use proc_macro2::{TokenStream, TokenTree};
use py_fn_compiler::codegen::compile_module;
use py_fn_compiler::compile_to_rust;
use py_fn_compiler::rustgen::{module_tokens, RustgenOptions};
use py_fn_compiler::symtable::SymbolTable;

/// Length of every list.
const N: usize = 30_000;

/// The default stack of a spawned Rust thread (the fuzzer's worker stack).
const STACK: usize = 8 << 20;

/// Bound on the group nesting of the generated tokens.
const MAX_DEPTH: usize = 64;

/// Bound on one translation by the back end. It guards against work that
/// grows faster than the input (30,000 items squared is billions of
/// steps), not against a slow machine: an unoptimised build on a loaded
/// 2-core machine takes up to about 7 s for the largest programs here
/// (12 MB of generated text), the release build well under a second.
const MAX_TIME: Duration = Duration::from_secs(30);

/// The deepest group nesting in `tokens` (0 for a stream without groups),
/// computed without recursion.
fn max_depth(tokens: TokenStream) -> usize {
    let mut stack: Vec<(proc_macro2::token_stream::IntoIter, usize)> =
        vec![(tokens.into_iter(), 0)];
    let mut deepest = 0;
    while let Some((iter, depth)) = stack.last_mut() {
        let depth = *depth;
        match iter.next() {
            Some(TokenTree::Group(g)) => {
                deepest = deepest.max(depth + 1);
                stack.push((g.stream().into_iter(), depth + 1));
            }
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    deepest
}

/// What translating one program gave: the time the front end (parse,
/// symbol table, code objects) and the Rust back end took, the token
/// nesting depth and the length of the printed text.
#[derive(Debug)]
struct Report {
    front: Duration,
    rustgen: Duration,
    depth: usize,
    text_len: usize,
}

/// Runs `f` on a thread with the default 8 MiB stack.
fn on_8mib<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .map_err(|e| format!("cannot spawn: {e}"))?
        .join()
        .map_err(|_| "the translation panicked or overflowed".to_string())?
}

/// Runs `compile_to_rust` on `src` on a thread with an 8 MiB stack, then
/// measures the nesting of the tokens and prints them to text (`front` is
/// zero: the whole time is in `rustgen`).
fn compile_whole(src: String) -> Result<Report, String> {
    on_8mib(move || {
        let start = Instant::now();
        let tokens = compile_to_rust(&src, "limits.py", &RustgenOptions::default())
            .map_err(|e| format!("compile_to_rust failed: {e:?}"))?;
        let rustgen = start.elapsed();
        let text_len = tokens.to_string().len();
        let depth = max_depth(tokens);
        Ok(Report {
            front: Duration::ZERO,
            rustgen,
            depth,
            text_len,
        })
    })
}

/// The stages of `compile_to_rust` one by one, timing the back end
/// (`rustgen::module_tokens`) on its own: the front end on a thread with a
/// 256 MiB stack (as `compile_to_rust` runs it), the back end and the
/// printing on a thread with the default 8 MiB stack.
fn compile_stages(src: String) -> Result<Report, String> {
    let front_end = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let start = Instant::now();
            let module = py_fn_compiler::parse(&src).map_err(|e| format!("parse: {e:?}"))?;
            let symtable = SymbolTable::build(&module).map_err(|e| format!("symtable: {e:?}"))?;
            let code = compile_module(&module, &symtable, "limits.py")
                .map_err(|e| format!("codegen: {e:?}"))?;
            Ok::<_, String>((module, symtable, code, start.elapsed()))
        })
        .map_err(|e| format!("cannot spawn: {e}"))?
        .join()
        .map_err(|_| "the front end panicked".to_string())?;
    let (module, symtable, code, front) = front_end?;
    on_8mib(move || {
        let start = Instant::now();
        let tokens = module_tokens(&module, &symtable, &code, &RustgenOptions::default())
            .map_err(|e| format!("rustgen: {e:?}"))?;
        let rustgen = start.elapsed();
        let text_len = tokens.to_string().len();
        let depth = max_depth(tokens);
        Ok(Report {
            front,
            rustgen,
            depth,
            text_len,
        })
    })
}

/// Asserts that `compile_to_rust` translates `src`, that the tokens print
/// and stay flat, and that the whole translation is fast.
fn check(what: &str, src: String) {
    let report = compile_whole(src).unwrap_or_else(|e| panic!("{what}: {e}"));
    println!("{what}: {report:?}");
    assert!(report.text_len > N, "{what}: {report:?}");
    assert!(report.depth < MAX_DEPTH, "{what}: {report:?}");
    assert!(report.rustgen < MAX_TIME, "{what}: {report:?}");
}

/// As [`check`], timing the back end alone (for programs on which the
/// front end is slower than linear) and bounding the text to `max_len`
/// bytes.
fn check_rustgen(what: &str, src: String, max_len: usize) -> Report {
    let report = compile_stages(src).unwrap_or_else(|e| panic!("{what}: {e}"));
    println!("{what}: {report:?}");
    assert!(report.text_len < max_len, "{what}: {report:?}");
    assert!(report.depth < MAX_DEPTH, "{what}: {report:?}");
    assert!(report.rustgen < MAX_TIME, "{what}: {report:?}");
    report
}

/// `n` names `a0, a1, ...` joined by `sep`.
fn names(n: usize, sep: &str) -> String {
    (0..n)
        .map(|i| format!("a{i}"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// `n` items `f(0), f(1), ...` joined by `sep`.
fn items(n: usize, sep: &str, f: impl Fn(usize) -> String) -> String {
    (0..n).map(f).collect::<Vec<_>>().join(sep)
}

fn operands(op: &str) -> String {
    vec!["x"; N].join(op)
}

#[test]
fn chained_comparison_of_30000_operators() {
    // fuzz/regressions/001.py
    check(
        "x < x < ...",
        format!("def f(x):\n    return {}\n", operands(" < ")),
    );
    check(
        "x in x in ...",
        format!("def f(x):\n    return {}\n", operands(" in ")),
    );
    check(
        "if x == x == ...",
        format!(
            "def f(x):\n    if {}:\n        return 1\n    return 2\n",
            operands(" == ")
        ),
    );
}

#[test]
fn and_chain_of_30000_operands() {
    // fuzz/regressions/002.py
    check(
        "x and x and ...",
        format!("def f(x):\n    return {}\n", operands(" and ")),
    );
    check(
        "while x and x and ...",
        format!(
            "def f(x):\n    while {}:\n        x = 0\n    return x\n",
            operands(" and ")
        ),
    );
}

#[test]
fn or_chain_of_30000_operands() {
    check(
        "x or x or ...",
        format!("def f(x):\n    return {}\n", operands(" or ")),
    );
    check(
        "module x or x or ...",
        format!("x = 1\ny = {}\n", operands(" or ")),
    );
}

#[test]
fn def_with_30000_parameters() {
    // fuzz/regressions/006.py
    check(
        "def f(a0, ...)",
        format!("def f({}):\n    return a0\n", names(N, ", ")),
    );
    check(
        "def f(*, a0=1, ...)",
        format!(
            "def f(*, {}):\n    return a0\n",
            items(N, ", ", |i| format!("a{i}=1"))
        ),
    );
    check(
        "def f(a0=0, ...)",
        format!(
            "def f({}):\n    return a0\n",
            items(N, ", ", |i| format!("a{i}={i}"))
        ),
    );
    check(
        "lambda a0, ...",
        format!("f = lambda {}: a0\n", names(N, ", ")),
    );
}

#[test]
fn calls_with_30000_arguments() {
    let max = 64 * N * 8;
    check_rustgen(
        "g(0, 1, ...)",
        format!(
            "def f(g):\n    return g({})\n",
            items(N, ", ", |i| i.to_string())
        ),
        max,
    );
    check_rustgen(
        "o.m(0, 1, ...)",
        format!(
            "def f(o):\n    return o.m({})\n",
            items(N, ", ", |i| i.to_string())
        ),
        max,
    );
    check_rustgen(
        "g(*xs, 0, *xs, 1, ...)",
        format!(
            "def f(g, xs):\n    return g({})\n",
            items(N / 2, ", ", |i| format!("*xs, {i}"))
        ),
        max,
    );
    check_rustgen(
        "g(**d, k0=0, **d, k1=1, ...)",
        format!(
            "def f(g, d):\n    return g({})\n",
            items(N / 2, ", ", |i| format!("**d, k{i}={i}"))
        ),
        max,
    );
    // codegen's constant table is searched linearly: 5,000 keywords.
    check_rustgen(
        "g(k0=0, k1=1, ...)",
        format!(
            "def f(g):\n    return g({})\n",
            items(5_000, ", ", |i| format!("k{i}={i}"))
        ),
        max,
    );
}

#[test]
fn displays_with_30000_items() {
    let max = 64 * N * 8;
    check_rustgen(
        "[0, 1, ...]",
        format!("x = [{}]\n", items(N, ", ", |i| i.to_string())),
        max,
    );
    check_rustgen(
        "(0, 1, ...)",
        format!("x = ({})\n", items(N, ", ", |i| i.to_string())),
        max,
    );
    check_rustgen(
        "{0: 0, 1: 1, ...}",
        format!("x = {{{}}}\n", items(N, ", ", |i| format!("{i}: {i}"))),
        max,
    );
    check_rustgen(
        "[*xs, 0, *xs, 1, ...]",
        format!(
            "def f(xs):\n    return [{}]\n",
            items(N / 2, ", ", |i| format!("*xs, {i}"))
        ),
        max,
    );
    check_rustgen(
        "{**d, 0: 0, **d, 1: 1, ...}",
        format!(
            "def f(d):\n    return {{{}}}\n",
            items(N / 2, ", ", |i| format!("**d, {i}: {i}"))
        ),
        max,
    );
}

#[test]
fn many_statements_locals_cells_and_definitions() {
    check_rustgen(
        "30,000 statements",
        format!(
            "def f(x):\n{}    return x\n",
            items(N, "", |i| format!("    x = x + {i}\n"))
        ),
        64 * N * 8,
    );
    // codegen looks names and constants up linearly: 5,000 of each below.
    let n = 5_000;
    check_rustgen(
        "5,000 module statements",
        items(n, "", |i| format!("x{i} = {i}\n")),
        64 * n * 8,
    );
    check_rustgen(
        "5,000 locals",
        format!(
            "def f():\n{}    return a0\n",
            items(n, "", |i| format!("    a{i} = {i}\n"))
        ),
        64 * n * 8,
    );
    check_rustgen(
        "5,000 unpacked targets",
        format!("def f(xs):\n    {} = xs\n    return a0\n", names(n, ", ")),
        64 * n * 8,
    );
    check_rustgen(
        "5,000 chained targets",
        format!("def f(x):\n    {} = x\n    return a0\n", names(n, " = ")),
        64 * n * 8,
    );
    check_rustgen(
        "3,000 parameters that are cells",
        format!(
            "def f({}):\n    def g():\n        return [{}]\n    return g\n",
            names(3_000, ", "),
            names(3_000, ", ")
        ),
        64 * 3_000 * 16,
    );
    check_rustgen(
        "3,000 top-level defs",
        items(3_000, "", |i| format!("def f{i}():\n    return {i}\n")),
        8_000 * 3_000,
    );
    check_rustgen(
        "3,000 defs of one name",
        items(3_000, "", |i| format!("def f():\n    return {i}\n")),
        8_000 * 3_000,
    );
    // The symbol table is quadratic in a function's nested blocks: 1,000.
    check_rustgen(
        "1,000 nested defs",
        format!(
            "def f():\n{}    return g0\n",
            items(1_000, "", |i| format!(
                "    def g{i}():\n        return {i}\n"
            ))
        ),
        8_000 * 1_000,
    );
}

#[test]
fn returns_do_not_repeat_thousands_of_drops() {
    // 1,000 parameters and 1,000 `return`s: the text stays linear.
    let n = 1_000;
    let report = check_rustgen(
        "1,000 returns of a 1,000-parameter function",
        format!(
            "def f({}):\n{}    return 0\n",
            names(n, ", "),
            items(n, "", |i| format!("    if a{i}:\n        return {i}\n"))
        ),
        1_000 * n,
    );
    assert!(report.front < Duration::from_secs(60), "{report:?}");
}

#[test]
fn elif_chain_at_cpythons_limit() {
    // python3 compiles 2,991 `elif`s and fails on more (MemoryError from
    // its parser): a bisection with compile(src, 'f', 'exec').
    let n = 2_991;
    check_rustgen(
        "2,991 elifs",
        format!(
            "def f(x):\n    if x == 0:\n        return 0\n{}",
            items(n - 1, "", |i| format!(
                "    elif x == {}:\n        return {}\n",
                i + 1,
                i + 1
            ))
        ),
        1_000 * n,
    );
}

#[test]
fn nested_expressions_at_cpythons_limit_fit_in_8_mib() {
    // The deepest chains python3 compiles (a bisection with
    // compile(src, 'f', 'exec'); one more is a RecursionError or
    // MemoryError): 2,992 terms of `+`, 2,988 calls or subscripts. They
    // nest in the AST, so the tokens nest too; the back end must still fit
    // in 8 MiB in a debug build.
    for (what, src) in [
        (
            "x + x + ...",
            format!("def f(x):\n    return {}\n", vec!["x"; 2_992].join(" + ")),
        ),
        (
            "x()()...",
            format!("def f(x):\n    return x{}\n", "()".repeat(2_988)),
        ),
        (
            "x[0][0]...",
            format!("def f(x):\n    return x{}\n", "[0]".repeat(2_988)),
        ),
    ] {
        let report = compile_stages(src).unwrap_or_else(|e| panic!("{what}: {e}"));
        println!("{what}: {report:?}");
        assert!(report.rustgen < MAX_TIME, "{what}: {report:?}");
    }
}

/// Stage timings of every `.py` file in the directory `$RUSTGEN_LIMITS_DIR`
/// (a measuring aid: `cargo test --release --test rustgen_limits -- --ignored
/// --nocapture`).
#[test]
#[ignore]
fn stage_timings() {
    let Ok(dir) = std::env::var("RUSTGEN_LIMITS_DIR") else {
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    for path in paths {
        if path.extension().is_none_or(|e| e != "py") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap_or_default();
        match compile_stages(src) {
            Ok(report) => println!("{}: {report:?}", path.display()),
            Err(e) => println!(
                "{}: {}",
                path.display(),
                e.chars().take(200).collect::<String>()
            ),
        }
    }
}
