//! The conformance corpus as a list of cases, and how two outputs first
//! differ. Shared by the tests of several crates of the workspace (the
//! root's `tests/`, `cli/tests/`), which include this file with `#[path]`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One program with the output CPython 3.11 printed for it.
pub struct Case {
    /// The file name without `.py`.
    pub name: String,
    /// The directory holding the `.py` (the case runs there).
    pub dir: PathBuf,
    /// The expected output, made by CPython (`conformance/ORACLE.md`).
    pub expected: PathBuf,
}

impl Case {
    /// The `.py` file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(format!("{}.py", self.name))
    }
}

/// Every `.py` in `dir` that has its `.out` in `expected_dir`, by name.
pub fn cases_in(dir: &Path, expected_dir: &Path) -> Vec<Case> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".py").map(str::to_string))
        .filter(|n| expected_dir.join(format!("{n}.out")).exists())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| Case {
            expected: expected_dir.join(format!("{name}.out")),
            dir: dir.to_path_buf(),
            name,
        })
        .collect()
}

/// The workspace root: the nearest directory at or above the including
/// crate's manifest that holds `conformance/`.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .find(|d| d.join("conformance").is_dir())
        .unwrap_or(manifest)
        .to_path_buf()
}

/// Every case of `REPO/conformance`: `cases/`, `extra/cases/` and `seeds/`.
pub fn corpus_cases(repo: &Path) -> Vec<Case> {
    let c = repo.join("conformance");
    let mut cases = cases_in(&c.join("cases"), &c.join("expected"));
    let extra = c.join("extra");
    cases.extend(cases_in(&extra.join("cases"), &extra.join("expected")));
    cases.extend(cases_in(&c.join("seeds"), &c.join("seeds")));
    cases
}

/// `NAME: line N: expected "...", got "..."`.
pub fn first_difference(name: &str, expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.split('\n').collect();
    let a: Vec<&str> = actual.split('\n').collect();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            return format!(
                "{name}: line {}: expected {:?}, got {:?}",
                i + 1,
                x.unwrap_or(&"<end>"),
                y.unwrap_or(&"<end>")
            );
        }
    }
    format!("{name}: outputs differ")
}
