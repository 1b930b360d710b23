//! Explaining a code object on its own (as the runtime may, for a function
//! it holds), including code objects that were patched or are malformed:
//! no input makes the explanation panic.

mod conformance_files;

use std::borrow::Cow;
use std::path::PathBuf;

use py_fn_bytecode::{CodeData, Constant};
use py_fn_compiler::explain::{render_text, Explanation, NameScope, RustBackend};

/// A file of `tests/fixtures/explain/`; the programs of the conformance
/// corpus (`seed_*.py`, `tN_*.py`) are read from `conformance/`.
fn fixture(name: &str) -> String {
    if let Some(case) = name
        .strip_suffix(".py")
        .filter(|c| conformance_files::is_corpus_name(c))
    {
        return conformance_files::source(case);
    }
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "explain",
        name,
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The nested code object called `name` (depth-first).
fn find<'c>(code: &'c CodeData, name: &str) -> Option<&'c CodeData> {
    if code.name == name {
        return Some(code);
    }
    code.consts.iter().find_map(|c| match c {
        Constant::Code(inner) => find(inner, name),
        _ => None,
    })
}

#[test]
fn a_lone_inner_code_object_has_cells_from_outside() {
    // python3: inner_fn.__code__.co_freevars == ('x', 'y'), and dis.dis shows
    // COPY_FREE_VARS 2, LOAD_DEREF 1 (x), LOAD_FAST 0 (z), LOAD_DEREF 2 (y).
    let module =
        py_fn_compiler::compile(&fixture("seed_closure.py"), "seed_closure.py").expect("ok");
    let inner = find(&module, "inner").expect("inner");
    let e = Explanation::from_code(inner, None);
    assert_eq!(e.rust_backend, RustBackend::Unknown);
    assert_eq!(e.functions.len(), 1);
    let f = &e.functions[0];
    assert_eq!(f.freevars, ["x", "y"]);
    assert!(f.closure.iter().all(|s| s.owner.is_none()));
    assert_eq!(f.name("x").map(|n| n.scope), Some(NameScope::Free));
    let ops: Vec<&str> = f
        .name("y")
        .map(|n| n.opcodes.iter().map(|o| o.name()).collect())
        .unwrap_or_default();
    assert_eq!(ops, ["COPY_FREE_VARS", "LOAD_DEREF"]);
    let text = e.to_text();
    assert!(text.contains("    [0] x  a cell from outside the explained code\n"));
    assert!(text.contains("scopes: read off the code objects alone"));
}

/// A small deterministic generator (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u8 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 56) as u8
    }
}

#[test]
fn malformed_code_objects_never_panic() {
    let module = py_fn_compiler::compile(&fixture("t1_nested_qualname.py"), "t.py").expect("ok");
    let mut rng = Lcg(7);
    for round in 0..400 {
        let mut code = module.clone();
        let mut bytes = code.code.to_vec();
        for b in bytes.iter_mut() {
            if rng.next() < 64 {
                *b = rng.next();
            }
        }
        if round % 3 == 0 {
            bytes.push(rng.next());
        }
        code.code = Cow::Owned(bytes);
        if round % 5 == 0 {
            code.names = Cow::Owned(Vec::new());
            code.freevars = Cow::Owned(vec![Cow::Borrowed("ghost")]);
        }
        let e = Explanation::from_code(&code, None);
        let live = |_: &str, _: &str| Some("1".to_string());
        let _ = render_text(&e, Some(&live));
        let _ = e.to_dot();
    }
}
