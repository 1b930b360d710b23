//! `pyfn pyc` on every conformance case py_fn's compiler compiles
//! (`conformance/cases/`, `conformance/extra/cases/`, `conformance/seeds/`;
//! the others are counted and skipped, and are picked up when they
//! compile): the `.pyc` must read back into the compiled code object, and,
//! where `python3` is CPython 3.11, run under it with the case's expected
//! output; CPython's own `marshal.dumps` of the same source must read into
//! a code object equal to ours, and CPython's `marshal.loads` of ours must
//! equal its `compile()` of the source. Without python3 3.11 those parts
//! are skipped with a message.
//!
//! `cargo test -p py_fn_cli --test pyc -- --nocapture` prints the counts.

#[path = "../../tests/common/cases.rs"]
mod cases;

use cases::Case;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use py_fn_bytecode::pyc::{self, Validation};
use py_fn_bytecode::{marshal, CodeData, Constant};

fn repo() -> PathBuf {
    cases::workspace_root()
}

fn all_cases() -> Vec<Case> {
    cases::corpus_cases(&repo())
}

impl Case {
    fn file(&self) -> String {
        format!("{}.py", self.name)
    }

    fn source(&self) -> String {
        std::fs::read_to_string(self.dir.join(self.file())).expect("case source")
    }

    /// The code object py_fn compiles, with `co_filename` the base name
    /// (what `pyfn pyc NAME.py` records when run in the case's directory).
    fn compiled(&self) -> Option<CodeData> {
        py_fn_compiler::compile(&self.source(), &self.file()).ok()
    }
}

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyfn-pyc-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// `python3`, if it is CPython 3.11; otherwise says why not.
fn python311() -> Result<(), String> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys; print(sys.implementation.name, *sys.version_info[:2])",
        ])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("python3 cannot run ({e})"))?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if version == "cpython 3 11" {
        Ok(())
    } else {
        Err(format!("python3 is {version:?}, not CPython 3.11"))
    }
}

/// `python3` with the oracle's environment: no inherited `PYTHON*`
/// variables, hash seed 0, UTF-8 I/O, no bytecode written.
fn python(dir: &Path) -> Command {
    let mut cmd = Command::new("python3");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PYTHON") {
            cmd.env_remove(key);
        }
    }
    cmd.current_dir(dir)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONUTF8", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null());
    cmd
}

/// What `oracle.py` records: stdout, then the traceback's last line if
/// the run failed.
fn oracle_text(out: &Output) -> String {
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| format!("<exit status {:?}>", out.status.code()));
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&last);
        text.push('\n');
    }
    text
}

fn pyfn() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pyfn"))
}

/// The first difference between two code objects, nested ones included.
fn first_difference(ours: &CodeData, theirs: &CodeData) -> Option<String> {
    macro_rules! field {
        ($f:ident) => {
            if ours.$f != theirs.$f {
                return Some(format!(
                    "{}: {}: ours {:?}, CPython's {:?}",
                    theirs.qualname,
                    stringify!($f),
                    ours.$f,
                    theirs.$f
                ));
            }
        };
    }
    field!(name);
    field!(qualname);
    field!(filename);
    field!(argcount);
    field!(posonlyargcount);
    field!(kwonlyargcount);
    field!(stacksize);
    field!(flags);
    field!(names);
    field!(varnames);
    field!(cellvars);
    field!(freevars);
    field!(firstlineno);
    field!(code);
    field!(linetable);
    field!(exceptiontable);
    if ours.consts.len() != theirs.consts.len() {
        return Some(format!(
            "{}: co_consts: ours {} constants, CPython's {}",
            theirs.qualname,
            ours.consts.len(),
            theirs.consts.len()
        ));
    }
    for (a, b) in ours.consts.iter().zip(theirs.consts.iter()) {
        match (a, b) {
            (Constant::Code(a), Constant::Code(b)) => {
                if let Some(d) = first_difference(a, b) {
                    return Some(d);
                }
            }
            // A frozenset's order is its iteration order in our constant
            // and marshal-bytes order in CPython's: compare the items.
            (Constant::FrozenSet(a), Constant::FrozenSet(b)) => {
                let key = |c: &Constant| format!("{c:?}");
                let mut x: Vec<String> = a.iter().map(key).collect();
                let mut y: Vec<String> = b.iter().map(key).collect();
                x.sort();
                y.sort();
                if x != y {
                    return Some(format!(
                        "{}: co_consts: ours {a:?}, CPython's {b:?}",
                        theirs.qualname
                    ));
                }
            }
            _ if a != b => {
                return Some(format!(
                    "{}: co_consts: ours {a:?}, CPython's {b:?}",
                    theirs.qualname
                ))
            }
            _ => {}
        }
    }
    None
}

#[test]
fn every_compiled_case_runs_from_its_pyc() {
    let out_dir = scratch("cases");
    let cpython = python311();
    if let Err(why) = &cpython {
        println!("pyc: {why}: the .pyc files are written and read back, not run");
    }
    let (mut compiled, mut skipped, mut ran, mut matched) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for case in all_cases() {
        let Some(code) = case.compiled() else {
            skipped += 1;
            continue;
        };
        compiled += 1;
        let pyc_path = out_dir.join(format!("{}.pyc", case.name));
        let status = pyfn()
            .current_dir(&case.dir)
            .args(["pyc", &case.file(), "-o"])
            .arg(&pyc_path)
            .output()
            .expect("pyfn runs");
        assert!(
            status.status.success(),
            "{}: pyfn pyc failed: {}",
            case.name,
            String::from_utf8_lossy(&status.stderr)
        );
        let bytes = std::fs::read(&pyc_path).expect("the .pyc was written");
        let (validation, back) = pyc::from_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{}: the .pyc does not read back: {e}", case.name));
        assert!(matches!(validation, Validation::Timestamp { .. }));
        assert_eq!(
            back, code,
            "{}: the .pyc holds another code object",
            case.name
        );
        if cpython.is_err() {
            continue;
        }
        ran += 1;
        let out = python(&case.dir)
            .arg(&pyc_path)
            .output()
            .expect("python3 runs");
        let expected = std::fs::read_to_string(&case.expected)
            .unwrap_or_else(|e| panic!("{}: {e}", case.expected.display()));
        let got = oracle_text(&out);
        if got == expected {
            matched += 1;
        } else {
            let line = got
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| got.lines().count().min(expected.lines().count()));
            failures.push(format!(
                "{}: line {}: expected {:?}, got {:?}",
                case.name,
                line + 1,
                expected.lines().nth(line),
                got.lines().nth(line)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    println!(
        "pyc: {compiled} cases compiled and written ({skipped} do not compile yet); \
         {matched}/{ran} ran under python3 with the expected output"
    );
    assert!(compiled > 0, "no case compiles");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Run by python3: `marshal.loads` of our `.pyc` body against CPython's
/// `compile()` of the same source; prints `equal` or the first difference.
const LOAD_OURS: &str = "import marshal, sys
pyc, src, name = sys.argv[1:4]
with open(pyc, 'rb') as f:
    ours = marshal.loads(f.read()[16:])
with open(src, encoding='utf-8') as f:
    ref = compile(f.read(), name, 'exec')
FIELDS = ('co_qualname', 'co_filename', 'co_varnames', 'co_cellvars',
          'co_freevars', 'co_nlocals', 'co_stacksize', 'co_code')
def walk(a, b):
    for f in FIELDS:
        if getattr(a, f) != getattr(b, f):
            return '%s: %s: %r != %r' % (b.co_qualname, f, getattr(a, f), getattr(b, f))
    for x, y in zip(a.co_consts, b.co_consts):
        if hasattr(x, 'co_code'):
            r = walk(x, y)
            if r:
                return r
    if a != b:
        return '%s: code objects differ' % b.co_qualname
    return ''
print(walk(ours, ref) or 'equal')
";

/// Run by python3: CPython's own `marshal.dumps` of the compiled source.
const DUMP: &str = "import marshal, sys
with open(sys.argv[1], encoding='utf-8') as f:
    src = f.read()
sys.stdout.buffer.write(marshal.dumps(compile(src, sys.argv[2], 'exec')))";

#[test]
fn cpython_and_py_fn_marshal_agree() {
    if let Err(why) = python311() {
        println!("pyc: {why}: CPython's marshal is not compared with ours");
        return;
    }
    let out_dir = scratch("marshal");
    let (mut compared, mut agreed, mut failures) = (0, 0, Vec::new());
    for case in all_cases() {
        let Some(ours) = case.compiled() else {
            continue;
        };
        compared += 1;
        let failures_before = failures.len();
        // CPython's marshal data, read by ours.
        let out = python(&case.dir)
            .args(["-c", DUMP, &case.file(), &case.file()])
            .output()
            .expect("python3 runs");
        assert!(out.status.success(), "{}: {:?}", case.name, out);
        match marshal::read(&out.stdout) {
            Ok(theirs) => {
                // `first_difference` compares every field, frozensets as
                // sets (CPython writes their items sorted).
                if let Some(d) = first_difference(&ours, &theirs) {
                    failures.push(format!("{}: {d}", case.name));
                }
            }
            Err(e) => failures.push(format!("{}: CPython's marshal data: {e}", case.name)),
        }
        // Our marshal data, read by CPython's.
        let pyc_path = out_dir.join(format!("{}.pyc", case.name));
        let bytes = pyc::to_bytes(
            &ours,
            Validation::Timestamp {
                mtime: 0,
                source_size: 0,
            },
        )
        .expect("marshals");
        std::fs::write(&pyc_path, bytes).expect("scratch .pyc");
        let out = python(&case.dir)
            .args(["-c", LOAD_OURS])
            .arg(&pyc_path)
            .args([case.file(), case.file()])
            .output()
            .expect("python3 runs");
        let verdict = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if verdict != "equal" {
            failures.push(format!(
                "{}: CPython loads our marshal data as another code object: {verdict}{}",
                case.name,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if failures.len() == failures_before {
            agreed += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    println!(
        "pyc: {compared} cases: marshal both ways (CPython's read by py_fn, py_fn's loaded by \
         CPython) gives the code object of the other side: {agreed} agree"
    );
    assert!(compared > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn import_uses_our_pyc_from_pycache() {
    if let Err(why) = python311() {
        println!("pyc: {why}: import of the .pyc is not tried");
        return;
    }
    let dir = scratch("import");
    let source = "def outer(a):\n    def inner(b):\n        return a + b\n    return inner\nprint(\"imported\", outer(40)(2))\n";
    std::fs::write(dir.join("pyfn_mod.py"), source).unwrap();
    std::fs::create_dir_all(dir.join("__pycache__")).unwrap();
    let cached = dir.join("__pycache__").join("pyfn_mod.cpython-311.pyc");
    for flag in [None, Some("--hash"), Some("--hash=unchecked")] {
        let mut cmd = pyfn();
        cmd.current_dir(&dir)
            .args(["pyc", "pyfn_mod.py", "-o"])
            .arg(&cached)
            .args(flag);
        assert!(cmd.status().unwrap().success());
        let out = python(&dir)
            .args(["-v", "-c", "import pyfn_mod"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(String::from_utf8_lossy(&out.stdout), "imported 42\n");
        // `-v` tells where the module's code object came from.
        let from_pyc = format!("# code object from '{}'", cached.display());
        assert!(
            stderr.lines().any(|l| l == from_pyc),
            "{flag:?}: CPython did not use the .pyc:\n{}",
            stderr
                .lines()
                .filter(|l| l.contains("pyfn_mod"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // A checked hash that no longer matches the source is not used.
    let mut cmd = pyfn();
    cmd.current_dir(&dir)
        .args(["pyc", "pyfn_mod.py", "--hash", "-o"])
        .arg(&cached);
    assert!(cmd.status().unwrap().success());
    std::fs::write(dir.join("pyfn_mod.py"), source.replace("40", "41")).unwrap();
    let out = python(&dir)
        .args(["-c", "import pyfn_mod"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "imported 43\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn default_output_is_beside_the_source() {
    let dir = scratch("default");
    std::fs::write(dir.join("m.py"), "print(1)\n").unwrap();
    let out = pyfn()
        .current_dir(&dir)
        .args(["pyc", "m.py"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let bytes = std::fs::read(dir.join("m.pyc")).expect("m.pyc beside m.py");
    let (validation, code) = pyc::from_bytes(&bytes).unwrap();
    let Validation::Timestamp { source_size, .. } = validation else {
        panic!("{validation:?} is not timestamp-based");
    };
    assert_eq!(source_size, 9);
    assert_eq!(code.filename, "m.py");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_are_reported_and_nothing_is_written() {
    let dir = scratch("errors");
    std::fs::write(dir.join("bad.py"), "def f(:\n    pass\n").unwrap();
    let out = pyfn()
        .current_dir(&dir)
        .args(["pyc", "bad.py"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SyntaxError"));
    assert!(!dir.join("bad.pyc").exists());
    let out = pyfn().current_dir(&dir).args(["pyc"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = pyfn()
        .current_dir(&dir)
        .args(["pyc", "missing.py"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}
