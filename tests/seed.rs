//! The seed tutorial's programs (`conformance/seeds/seed_closure.py` and
//! the whole `seed_program.py`), compiled with `py_fn!(file = ...)` and run
//! with `__main__()`, print exactly what CPython 3.11 prints for them.

mod common;
#[path = "common/output.rs"]
mod output;

mod seed_closure {
    py_fn::py_fn!(file = "conformance/seeds/seed_closure.py");
}

mod seed_program {
    py_fn::py_fn!(file = "conformance/seeds/seed_program.py");
}

/// The tutorial's whole program, verbatim (`import dis, types, sys`,
/// `dis.dis`, `getattr`, `code.replace`, `types.FunctionType` with
/// `globals()` and the closure of `inner_fn`), natively and on the
/// interpreter, prints exactly what CPython 3.11 prints.
#[test]
fn seed_program_prints_what_cpython_prints() {
    let expected =
        std::fs::read_to_string(common::corpus().join("seeds/seed_program.out")).unwrap();
    for backend in [output::Backend::Native, output::Backend::Interpreter] {
        let actual = output::run_on(backend, seed_program::__main__);
        assert_eq!(actual, expected, "{backend:?}");
    }
}

#[test]
fn seed_closure_prints_what_cpython_prints() {
    let expected =
        std::fs::read_to_string(common::corpus().join("seeds/seed_closure.out")).unwrap();
    let actual = output::run_like_python(seed_closure::__main__);
    assert_eq!(actual, expected);
}

#[test]
fn the_walkthrough_prints_the_seed_programs_first_26_lines() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["run", "-q", "--example", "seed_walkthrough"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo run the example");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected =
        std::fs::read_to_string(common::corpus().join("seeds/seed_program.out")).unwrap();
    let first_26 = |s: &str| s.split_inclusive('\n').take(26).collect::<String>();
    assert_eq!(first_26(&stdout), first_26(&expected));
    assert!(stdout.contains("after y = 99 : inner_fn(10) = 149"));
}
