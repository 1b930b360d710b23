//! Small realistic programs (`tests/programs/NAME.py`: word counting, an
//! inventory with an exception hierarchy, number tools, a text report
//! with encodings and the standard streams, a stdin reader, lazy
//! iterators) run by `pyfn run` with `NAME.stdin` as their input: stdout,
//! stderr and the exit status must be what `python3 NAME.py` gave
//! (`NAME.out`, `NAME.err`, `NAME.status`, written by
//! `tests/programs/gen_expected.py` with CPython 3.11.7).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn realistic_programs_run_as_python3_runs_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("programs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/programs")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py") && n != "gen_expected.py")
        .map(|n| n.trim_end_matches(".py").to_string())
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for name in &names {
        let stdin = std::fs::read(dir.join(format!("{name}.stdin"))).unwrap_or_default();
        let mut child = Command::new(env!("CARGO_BIN_EXE_pyfn"))
            .args(["run", &format!("{name}.py")])
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pyfn runs");
        if let Some(mut input) = child.stdin.take() {
            input.write_all(&stdin).expect("write stdin");
        }
        let out = child.wait_with_output().expect("pyfn finishes");
        let got = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            format!("{}\n", out.status.code().unwrap_or(-1)),
        );
        let want = (
            read(&dir.join(format!("{name}.out"))),
            read(&dir.join(format!("{name}.err"))),
            read(&dir.join(format!("{name}.status"))),
        );
        if got != want {
            failures.push(format!("{name}:\n  python3: {want:?}\n  pyfn:    {got:?}"));
        }
    }
    assert_eq!(names.len(), 6);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
