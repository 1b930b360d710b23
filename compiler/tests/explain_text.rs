//! The text of `pyfn explain`: the seed tutorial's diagram for the real
//! code, the name table, live cell contents, and the Rust column checked
//! against what the native back end really writes.

mod conformance_files;

use std::path::PathBuf;

use py_fn_compiler::explain::{
    explain_source, render_text, CodeKind, Explanation, RustBackend, RustRepr,
};
use py_fn_compiler::rustgen::RustgenOptions;

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

fn seed() -> Explanation {
    explain_source(&fixture("seed_closure.py"), "seed_closure.py").expect("seed compiles")
}

#[test]
fn seed_shows_the_tutorial_diagram_for_outer_and_inner() {
    // python3 -c "exec(open('seed_closure.py').read()); print(outer.__code__.co_cellvars,
    //   inner_fn.__code__.co_freevars, len(inner_fn.__closure__))"
    // -> ('x', 'y') ('x', 'y') 2
    let text = seed().to_text();
    let diagram = "  outer.__code__.co_cellvars -> ('x', 'y')\n            |\n            v\n  \
                   inner.__code__.co_freevars -> ('x', 'y')\n  \
                   inner.__closure__          -> tuple(cell(x), cell(y))\n";
    assert!(text.contains(diagram), "{text}");
    assert!(
        text.contains("  __closure__  tuple(cell(x), cell(y))\n"),
        "{text}"
    );
    assert!(text.contains("    [0] x  the cell x of outer\n"), "{text}");
    assert!(text.contains("    [1] y  the cell y of outer\n"), "{text}");
}

#[test]
fn seed_table_names_load_deref_and_the_rc_refcell_cells() {
    // python3 -c "import dis; ...; dis.dis(inner_fn)" shows COPY_FREE_VARS 2,
    // LOAD_DEREF 1 (x), LOAD_FAST 0 (z), LOAD_DEREF 2 (y); dis.dis(outer)
    // shows MAKE_CELL, STORE_DEREF and LOAD_CLOSURE for x and y.
    let text = seed().to_text();
    let row = |name: &str, section: &str| -> String {
        let start = text.find(section).expect("section");
        let rest = &text[start..];
        let end = rest[3..].find("\n== ").map_or(rest.len(), |e| e + 3);
        let names = rest[..end].find("  names:").expect("names table");
        rest[names..end]
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no row {name} in {section}"))
            .to_string()
    };
    for name in ["x", "y"] {
        let cell = row(name, "== outer (def");
        assert!(cell.contains(" cell "), "{cell}");
        assert!(
            cell.contains("MAKE_CELL STORE_DEREF LOAD_CLOSURE"),
            "{cell}"
        );
        assert!(cell.contains("Rc<RefCell<Option<Value>>>"), "{cell}");
        assert!(
            cell.contains(&format!("__cell_{name}: rt::CellRef")),
            "{cell}"
        );
        let free = row(name, "== outer.<locals>.inner");
        assert!(free.contains(" free "), "{free}");
        assert!(free.contains("COPY_FREE_VARS LOAD_DEREF"), "{free}");
        assert!(free.contains("Rc<RefCell<Option<Value>>>"), "{free}");
    }
    assert!(row("x", "== outer.<locals>.inner").contains("__free_x = &__f.closure()[0]"));
    assert!(row("y", "== outer.<locals>.inner").contains("__free_y = &__f.closure()[1]"));
    let z = row("z", "== outer.<locals>.inner");
    assert!(
        z.contains("local (parameter)") && z.contains("LOAD_FAST"),
        "{z}"
    );
    let print = row("print", "== <module>");
    assert!(print.contains("LOAD_NAME"), "{print}");
    assert!(print.contains("rt::load_global(__g, \"print\")"), "{print}");
}

#[test]
fn live_cell_contents_appear_in_the_diagram_and_closure() {
    // python3 seed_closure.py: inner_fn.__closure__ holds 5 and 42
    // (x = 2 + 3, y = 42).
    let e = seed();
    let live = |qualname: &str, name: &str| -> Option<String> {
        match (qualname, name) {
            ("outer.<locals>.inner", "x") | ("outer", "x") => Some("5".into()),
            ("outer.<locals>.inner", "y") | ("outer", "y") => Some("42".into()),
            _ => None,
        }
    };
    let text = render_text(&e, Some(&live));
    assert!(
        text.contains("  outer.__code__.co_cellvars -> ('x': 5, 'y': 42)\n"),
        "{text}"
    );
    assert!(
        text.contains("inner.__closure__          -> tuple(cell(x: 5), cell(y: 42))"),
        "{text}"
    );
    assert!(text.contains("  __closure__  tuple(cell(x: 5), cell(y: 42))\n"));
}

#[test]
fn nested_functions_show_pass_through_cells() {
    // python3: level_two.__code__.co_freevars == ('a',), its dis touches a
    // only with COPY_FREE_VARS and LOAD_CLOSURE; level_three's co_freevars
    // == ('a', 'b').
    let e = explain_source(&fixture("t1_nested_qualname.py"), "t1_nested_qualname.py")
        .expect("compiles");
    let text = e.to_text();
    assert!(text.contains(
        "    [0] a  the cell a of level_one; only passed on to nested functions (LOAD_CLOSURE)\n"
    ));
    assert!(text.contains("    [0] a  the cell a of level_one, passed through level_two\n"));
    assert!(text.contains("            +--> level_three.__code__.co_freevars -> ('a', 'b')\n"));
    assert!(text.contains("tuple(cell(a) via level_two, cell(b) of level_two)"));
}

/// The text of the native body the back end writes for code object `i`
/// (its `fn __pyfn_body_<i>`: the back end numbers code objects pre-order,
/// as the explanation does).
fn body(expanded: &str, i: usize) -> &str {
    let marker = format!("fn __pyfn_body_{i} (");
    let start = expanded.find(&marker).expect("body fn");
    let rest = &expanded[start..];
    let end = rest.find("# [doc").unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn rust_column_matches_what_rustgen_writes() {
    for case in [
        "seed_closure",
        "scopes_mix",
        "t1_basic_closure",
        "t1_closure_over_param",
        "t1_global_stmt",
        "t1_lambda_basic",
        "t1_late_binding",
        "t1_nested_qualname",
        "t1_nonlocal_counter",
        "t1_recursive_closure",
        "t1_shared_cell",
    ] {
        let source = fixture(&format!("{case}.py"));
        let e = explain_source(&source, &format!("{case}.py")).expect("compiles");
        assert_eq!(e.rust_backend, RustBackend::Translated, "{case}");
        let opts = RustgenOptions::default();
        let expanded = py_fn_compiler::compile_to_rust(&source, case, &opts)
            .expect("translates")
            .to_string();
        for (i, f) in e.functions.iter().enumerate() {
            let text = match f.kind {
                CodeKind::Module => {
                    let start = expanded.find("fn __pyfn_module").expect("module fn");
                    &expanded[start..]
                }
                _ => body(&expanded, i),
            };
            let free: Vec<String> = f.freevars.iter().map(|n| format!("__free_{n}")).collect();
            if !free.is_empty() {
                let pattern = format!("let [{}] = __f . closure ()", free.join(" , "));
                assert!(text.contains(&pattern), "{case} {}: {pattern}", f.qualname);
            }
            for n in &f.names {
                let needle = match &n.rust {
                    RustRepr::Param {
                        ident,
                        borrowed: true,
                    } => {
                        // Bound by the `let [..] = __args` pattern, not copied.
                        let owned = format!("let mut {ident} : rt :: Value =");
                        assert!(!text.contains(&owned), "{case}: {owned}");
                        let pattern = text
                            .split("] = __args else")
                            .next()
                            .and_then(|head| head.rsplit("let [").next())
                            .unwrap_or("");
                        assert!(
                            pattern.split(" , ").any(|p| p.trim() == ident),
                            "{case} {}: {ident} not in `let [{pattern}] = __args else`",
                            f.qualname
                        );
                        continue;
                    }
                    RustRepr::Param { ident, .. } => format!("let mut {ident} : rt :: Value ="),
                    RustRepr::Local { ident } => {
                        format!("let mut {ident} : Option < rt :: Value > = None")
                    }
                    RustRepr::Cell { ident } => {
                        format!("let {ident} : rt :: CellRef = rt :: new_cell ()")
                    }
                    RustRepr::ClosureSlot { ident, index } => {
                        assert_eq!(free.get(*index), Some(ident), "{case}");
                        continue;
                    }
                    RustRepr::Globals => format!("(__g , \"{}\"", n.name),
                    RustRepr::ClassNamespace => format!("(__ns , \"{}\"", n.name),
                    RustRepr::Attribute => format!("\"{}\"", n.name),
                    RustRepr::NotGenerated => panic!("{case}: {} not generated", n.name),
                };
                assert!(
                    text.contains(&needle),
                    "{case} {}: {} -> {needle}",
                    f.qualname,
                    n.name
                );
            }
        }
    }
}

#[test]
fn generator_expressions_run_on_the_interpreter_inside_native_functions() {
    let e = explain_source(
        &fixture("t2_generator_expression.py"),
        "t2_generator_expression.py",
    )
    .expect("compiles");
    assert_eq!(e.rust_backend, RustBackend::Translated);
    let total = e.function("total_weight").expect("total_weight");
    assert!(!total.interpreted);
    let genexpr = e
        .function("total_weight.<locals>.<genexpr>")
        .expect("genexpr");
    assert!(genexpr.interpreted);
    assert!(genexpr
        .names
        .iter()
        .all(|n| n.rust == RustRepr::NotGenerated));
    assert!(e
        .to_text()
        .contains("runs on the bytecode interpreter (the native back end does not lower it)"));
}
