//! `pyfn run` (the built binary) against CPython 3.11's behaviour:
//!
//! - every case of `conformance/cases/`, `conformance/extra/cases/` and
//!   `conformance/seeds/`, run in its directory as `pyfn run NAME.py`:
//!   stdout, plus the traceback's last line from stderr when the run ends
//!   with an uncaught exception, must be the case's `.out` (which appends
//!   CPython's last traceback line, see `conformance/ORACLE.md`); the
//!   status must be 0 with nothing on stderr, or 1 with
//!   `Traceback (most recent call last):` and that one line on stderr;
//! - compile errors: `tests/run/syntax/NAME.py` must print exactly
//!   `NAME.stderr`, which is what `python3 NAME.py` printed in that
//!   directory (CPython 3.11.7) with the file's absolute path replaced by
//!   `{FILE}`, status 1; where python3 is CPython 3.11 the data is checked
//!   against it again;
//! - a missing file: `pyfn: can't open file '/abs/x.py': [Errno 2] No such
//!   file or directory`, status 2, as python3 says it (with its own name);
//! - `sys.argv`, `SystemExit`, a byte order mark and deep recursion, as
//!   python3 runs them.
//!
//! `cargo test -p py_fn_cli --test run -- --nocapture` prints the counts.

#[path = "../../tests/common/cases.rs"]
mod cases;

use cases::{first_difference, Case};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    cases::workspace_root()
}

/// `pyfn run ARGS...` in `dir`.
fn pyfn_run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyfn"))
        .arg("run")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("pyfn runs")
}

/// `python3 ARGS...` in `dir`, if python3 is CPython 3.11.
fn python311(dir: &Path, args: &[&str]) -> Option<Output> {
    let version = Command::new("python3")
        .args([
            "-c",
            "import sys; print(sys.implementation.name, *sys.version_info[:2])",
        ])
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if String::from_utf8_lossy(&version.stdout).trim() != "cpython 3 11" {
        return None;
    }
    let mut cmd = Command::new("python3");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PYTHON") {
            cmd.env_remove(key);
        }
    }
    cmd.args(args)
        .current_dir(dir)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .output()
        .ok()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyfn-run-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn all_cases() -> Vec<Case> {
    cases::corpus_cases(&repo())
}

/// A case written to end with an uncaught exception ends with
/// `print("not reached")` (`conformance/ORACLE.md`; some extra cases end
/// with one without it).
fn ends_with_not_reached(source: &str) -> bool {
    matches!(
        source.trim_end().lines().last().map(str::trim),
        Some("print(\"not reached\")") | Some("print('not reached')")
    )
}

/// How a case ended, if it matched: `Ok(true)` after an uncaught
/// exception (status 1), `Ok(false)` after a clean run (status 0).
///
/// The status is read from the run, not from the case: stdout plus the
/// one-line traceback must then equal the `.out`, which holds CPython's
/// last traceback line only when CPython's run ended with one. A case
/// that ends with `print("not reached")` must end with an exception.
fn check_case(case: &Case) -> Result<bool, String> {
    let name = &case.name;
    let source = std::fs::read_to_string(case.dir.join(format!("{name}.py")))
        .map_err(|e| format!("{name}: {e}"))?;
    let expected = std::fs::read_to_string(&case.expected).map_err(|e| format!("{name}: {e}"))?;
    let out = pyfn_run(&case.dir, &[&format!("{name}.py")]);
    let mut actual = text(&out.stdout);
    let stderr = text(&out.stderr);
    let raised = match out.status.code() {
        Some(0) if stderr.is_empty() => false,
        Some(0) => return Err(format!("{name}: status 0 with stderr {stderr:?}")),
        Some(1) => {
            let Some(last) = stderr
                .strip_prefix("Traceback (most recent call last):\n")
                .and_then(|rest| rest.strip_suffix('\n'))
                .filter(|line| !line.contains('\n'))
            else {
                return Err(format!(
                    "{name}: stderr is not a one-line traceback: {stderr:?}"
                ));
            };
            if !actual.is_empty() && !actual.ends_with('\n') {
                actual.push('\n');
            }
            actual.push_str(last);
            actual.push('\n');
            true
        }
        status => return Err(format!("{name}: status {status:?}; stderr {stderr:?}")),
    };
    if actual != expected {
        return Err(first_difference(name, &expected, &actual));
    }
    if ends_with_not_reached(&source) && !raised {
        return Err(format!(
            "{name}: ends with print(\"not reached\") but exited with 0"
        ));
    }
    Ok(raised)
}

#[test]
fn every_conformance_case_prints_its_expected_output_with_cpythons_status() {
    let cases = all_cases();
    let mut raised = 0;
    let mut failures = Vec::new();
    for case in &cases {
        match check_case(case) {
            Ok(r) => raised += usize::from(r),
            Err(e) => failures.push(e),
        }
    }
    eprintln!(
        "pyfn run: {} cases ran, {} matched their .out and status ({raised} of them end with an uncaught exception, status 1)",
        cases.len(),
        cases.len() - failures.len(),
    );
    for f in &failures {
        eprintln!("  FAILED: {f}");
    }
    assert!(
        cases.len() >= 80,
        "the corpus is missing: {} cases",
        cases.len()
    );
    assert!(failures.is_empty(), "{} cases differ", failures.len());
}

#[test]
fn compile_errors_print_the_report_python3_prints() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("run")
        .join("syntax");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/run/syntax")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".py").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "the syntax error cases are missing");
    let mut checked_with_python = 0;
    for name in &names {
        let file = format!("{name}.py");
        let absolute = dir.join(&file).to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(dir.join(format!("{name}.stderr")))
            .expect("expected stderr")
            .replace("{FILE}", &absolute);
        let out = pyfn_run(&dir, &[&file]);
        assert_eq!(text(&out.stderr), expected, "{name}: stderr");
        assert_eq!(out.status.code(), Some(1), "{name}: status");
        assert!(out.stdout.is_empty(), "{name}: stdout");
        if let Some(py) = python311(&dir, &[&file]) {
            assert_eq!(
                text(&py.stderr),
                expected,
                "{name}: python3 says otherwise now"
            );
            assert_eq!(py.status.code(), Some(1), "{name}: python3's status");
            checked_with_python += 1;
        }
    }
    eprintln!(
        "compile errors: {} reports as python3's ({checked_with_python} also checked against python3 now)",
        names.len()
    );
}

#[test]
fn a_missing_file_is_cant_open_with_status_2() {
    let dir = scratch("missing");
    let absolute = dir.join("nope.py").to_string_lossy().into_owned();
    let expected =
        format!("pyfn: can't open file '{absolute}': [Errno 2] No such file or directory\n");
    let out = pyfn_run(&dir, &["nope.py"]);
    assert_eq!(text(&out.stderr), expected);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // An absolute path is shown as given.
    let out = pyfn_run(Path::new("/"), &[&absolute]);
    assert_eq!(text(&out.stderr), expected);
    assert_eq!(out.status.code(), Some(2));
    if let Some(py) = python311(&dir, &["nope.py"]) {
        // python3 names itself by its own path: compare from the colon.
        let theirs = text(&py.stderr);
        let ours = expected.trim_start_matches("pyfn");
        assert!(theirs.ends_with(ours), "python3 says {theirs:?}");
        assert_eq!(py.status.code(), Some(2));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_file_is_a_usage_error() {
    let out = pyfn_run(Path::new("/"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("usage: pyfn"));
}

/// Programs whose stdout, stderr and status were taken from python3 3.11.7
/// (`python3 prog.py a b` in the program's directory).
#[test]
fn argv_system_exit_and_recursion_as_python3() {
    let dir = scratch("programs");
    // (source, arguments, stdout, stderr, status)
    let programs: &[(&str, &[&str], &str, &str, i32)] = &[
        (
            "import sys\nprint(sys.argv)\nprint(__name__)\n",
            &["a", "b c"],
            "['prog.py', 'a', 'b c']\n__main__\n",
            "",
            0,
        ),
        ("print('a')\nraise SystemExit(3)\n", &[], "a\n", "", 3),
        (
            "print('a', end='')\nraise SystemExit('bye')\n",
            &[],
            "a",
            "bye\n",
            1,
        ),
        ("raise SystemExit\n", &[], "", "", 0),
        // A UTF-8 byte order mark is dropped, as CPython's file reader does.
        ("\u{feff}print('bom')\n", &[], "bom\n", "", 0),
        ("raise SystemExit(1, 2)\n", &[], "", "(1, 2)\n", 1),
        ("raise SystemExit(-1)\n", &[], "", "", 255),
        (
            "def f(n):\n    return f(n + 1)\nprint('x', end='')\nf(0)\n",
            &[],
            "x",
            "Traceback (most recent call last):\nRecursionError: maximum recursion depth exceeded\n",
            1,
        ),
        (
            "class E(Exception):\n    pass\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    raise E('boom')\n",
            &[],
            "",
            "Traceback (most recent call last):\nE: boom\n",
            1,
        ),
    ];
    for (source, args, stdout, stderr, status) in programs {
        std::fs::write(dir.join("prog.py"), source).expect("write prog.py");
        let mut argv = vec!["prog.py"];
        argv.extend_from_slice(args);
        let out = pyfn_run(&dir, &argv);
        assert_eq!(text(&out.stdout), *stdout, "stdout of {source:?}");
        assert_eq!(text(&out.stderr), *stderr, "stderr of {source:?}");
        assert_eq!(out.status.code(), Some(*status), "status of {source:?}");
        if let Some(py) = python311(&dir, &argv) {
            assert_eq!(text(&py.stdout), *stdout, "python3's stdout of {source:?}");
            assert_eq!(
                py.status.code(),
                Some(*status),
                "python3's status of {source:?}"
            );
            // python3 prints the frames between: compare the last line.
            assert_eq!(
                text(&py.stderr).lines().last(),
                stderr.lines().last(),
                "python3's stderr of {source:?}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
