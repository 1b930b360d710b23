//! The names a Python programmer expects: every name of CPython 3.11's
//! `builtins` module and every public name in `dir()` of the builtin
//! types (`fixtures/probe_names.txt`, written by python3 with
//! `fixtures/gen_probe.py`) must exist in py_fn — on a value of the type,
//! and methods also on the type itself — except the ones listed below as
//! deliberately left out. A name missing that is not on the list fails
//! the test, and so does a listed name that exists (the list stays true).

mod pyeval;

use std::collections::BTreeMap;

use py_fn_runtime::{builtin, Globals, Value};

/// The builtins py_fn leaves out, and why.
const LEFT_OUT_BUILTINS: &[(&str, &str)] = &[
    ("aiter", "no asynchronous iteration"),
    ("anext", "no asynchronous iteration"),
    ("breakpoint", "no debugger"),
    ("bytearray", "no mutable bytes type"),
    ("compile", "no compiler at run time"),
    ("complex", "no complex numbers"),
    ("copyright", "an interactive-session helper of site"),
    ("credits", "an interactive-session helper of site"),
    ("eval", "no compiler at run time"),
    ("exec", "no compiler at run time"),
    ("help", "an interactive-session helper of site"),
    ("license", "an interactive-session helper of site"),
    ("locals", "a builtin cannot see the caller's frame"),
    ("memoryview", "no buffer protocol"),
    ("open", "no file system access"),
    ("BaseExceptionGroup", "no exception groups (except*)"),
    ("ExceptionGroup", "no exception groups (except*)"),
    (
        "__doc__",
        "an attribute of the builtins module, which py_fn does not have",
    ),
    (
        "__loader__",
        "an attribute of the builtins module, which py_fn does not have",
    ),
    (
        "__name__",
        "an attribute of the builtins module, which py_fn does not have",
    ),
    (
        "__package__",
        "an attribute of the builtins module, which py_fn does not have",
    ),
    (
        "__spec__",
        "an attribute of the builtins module, which py_fn does not have",
    ),
];

/// The attributes of builtin types py_fn leaves out (`SAMPLE NAME`), and why.
const LEFT_OUT_ATTRIBUTES: &[(&str, &str, &str)] = &[
    ("{}.keys()", "mapping", "no mappingproxy type"),
    ("{}.values()", "mapping", "no mappingproxy type"),
    ("{}.items()", "mapping", "no mappingproxy type"),
    (
        "(lambda: (yield))()",
        "gi_frame",
        "no frame objects (NotImplementedError for a live generator)",
    ),
];

fn names() -> BTreeMap<String, Vec<(String, String)>> {
    let mut by_sample: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for line in include_str!("fixtures/probe_names.txt").lines() {
        let mut parts = line.split('\t');
        let (Some(sample), Some(name), Some(kind)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        by_sample
            .entry(sample.to_string())
            .or_default()
            .push((name.to_string(), kind.to_string()));
    }
    by_sample
}

#[test]
fn every_builtin_name_of_cpython_exists_or_is_listed_as_left_out() {
    let by_sample = names();
    let mut problems = Vec::new();
    let mut found = 0;
    for (name, _) in by_sample.get("builtins").map(Vec::as_slice).unwrap_or(&[]) {
        let left_out = LEFT_OUT_BUILTINS.iter().any(|(n, _)| n == name);
        match (builtin(name).is_some(), left_out) {
            (true, false) => found += 1,
            (false, true) => {}
            (false, false) => problems.push(format!("builtin {name} is missing")),
            (true, true) => {
                problems.push(format!("builtin {name} exists but is listed as left out"))
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(found, 157 - LEFT_OUT_BUILTINS.len());
}

/// The names of `names` that `expr` lacks, as py_fn sees them.
fn missing(globals: &Globals, expr: &str, names: &[&String]) -> Vec<String> {
    let list: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    // An attribute py_fn refuses with another error than AttributeError
    // (`NotImplementedError`) is missing too.
    let src = format!(
        "def __has__(o, n):\n    try:\n        getattr(o, n)\n        return True\n    except Exception:\n        return False\n__missing__ = [n for n in [{}] if not __has__({expr}, n)]\n",
        list.join(", ")
    );
    if let Err(e) = pyeval::run(&src, globals) {
        return vec![format!("<{expr}: {e}>")];
    }
    match globals.get("__missing__") {
        Some(Value::List(l)) => l.borrow().iter().map(|v| v.to_str()).collect(),
        _ => vec![format!("<{expr}: no result>")],
    }
}

#[test]
fn every_public_name_of_the_builtin_types_exists_or_is_listed_as_left_out() {
    let by_sample = names();
    let globals = Globals::new("__main__");
    let mut problems = Vec::new();
    let mut checked = 0;
    for (sample, names) in by_sample.iter().filter(|(s, _)| s.as_str() != "builtins") {
        let all: Vec<&String> = names.iter().map(|(n, _)| n).collect();
        let methods: Vec<&String> = names
            .iter()
            .filter(|(_, k)| k == "method")
            .map(|(n, _)| n)
            .collect();
        let mut gone = missing(&globals, sample, &all);
        gone.extend(missing(&globals, &format!("type({sample})"), &methods));
        gone.sort();
        gone.dedup();
        for name in &all {
            let left_out = LEFT_OUT_ATTRIBUTES
                .iter()
                .any(|(s, n, _)| s == sample && n == name);
            match (gone.contains(name), left_out) {
                (false, false) => checked += 1,
                (true, true) => {}
                (true, false) => problems.push(format!("{sample}.{name} is missing")),
                (false, true) => {
                    problems.push(format!("{sample}.{name} exists but is listed as left out"))
                }
            }
        }
        problems.extend(gone.into_iter().filter(|g| g.starts_with('<')));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(checked, 242 - LEFT_OUT_ATTRIBUTES.len());
}
