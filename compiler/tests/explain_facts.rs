//! `pyfn explain`'s data model against CPython 3.11's own answers.
//!
//! Each `tests/fixtures/explain/NAME.facts` was written by python3 (CPython
//! 3.11.7) with `python3 compiler/tests/fixtures/explain/facts.py` (the
//! source of `NAME` is `conformance/seeds/NAME.py` or
//! `conformance/cases/NAME.py` for the corpus programs, `NAME.py` beside the
//! facts otherwise):
//! per code object its `co_varnames`, `co_cellvars`, `co_freevars`, the
//! opcodes `dis.get_instructions` shows touching each name, the scope
//! `symtable` gives it, and for each free variable the enclosing code object
//! whose `co_cellvars` holds it (and the ones passing it through).

mod conformance_files;

use std::path::PathBuf;

use py_fn_compiler::explain::{explain_source, Explanation, FunctionView, NameScope};

/// The fixture cases (programs of the conformance corpus and the seed, read
/// from `conformance/`, plus `scopes_mix.py`).
const CASES: &[&str] = &[
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
    "t2_list_comprehension",
];

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

/// One code object's facts from python3.
#[derive(Default, Debug)]
struct CodeFacts {
    qualname: String,
    varnames: Vec<String>,
    cellvars: Vec<String>,
    freevars: Vec<String>,
    /// (name, scope, opcodes)
    names: Vec<(String, String, Vec<String>)>,
    /// (slot, name, owner qualname or "-", via qualnames)
    closure: Vec<(usize, String, String, Vec<String>)>,
}

fn words(rest: &str) -> Vec<String> {
    rest.split_whitespace().map(str::to_string).collect()
}

fn parse_facts(text: &str) -> Vec<CodeFacts> {
    let mut out: Vec<CodeFacts> = Vec::new();
    for line in text.lines() {
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        if tag == "code" {
            out.push(CodeFacts {
                qualname: rest.to_string(),
                ..CodeFacts::default()
            });
            continue;
        }
        let cur = out.last_mut().expect("facts start with a code line");
        let w = words(rest);
        match tag {
            "varnames" => cur.varnames = w,
            "cellvars" => cur.cellvars = w,
            "freevars" => cur.freevars = w,
            "name" => cur
                .names
                .push((w[0].clone(), w[1].clone(), w[2..].to_vec())),
            "closure" => cur.closure.push((
                w[0].parse().expect("slot"),
                w[1].clone(),
                w[2].clone(),
                w[3..].to_vec(),
            )),
            other => panic!("unknown facts line {other}"),
        }
    }
    out
}

fn scope_word(scope: NameScope) -> &'static str {
    match scope {
        NameScope::Local => "local",
        NameScope::Cell => "cell",
        NameScope::Free => "free",
        NameScope::GlobalExplicit => "global_explicit",
        NameScope::GlobalImplicit => "global_implicit",
        NameScope::Global => "global (unknown)",
        NameScope::Namespace => "namespace",
        NameScope::Attribute => "attribute",
        NameScope::Import => "import",
    }
}

fn qualname(e: &Explanation, i: Option<usize>) -> String {
    i.and_then(|i| e.functions.get(i))
        .map_or("-".to_string(), |f| f.qualname.clone())
}

fn check_function(case: &str, e: &Explanation, f: &FunctionView, facts: &CodeFacts) {
    let ctx = format!("{case}: {}", facts.qualname);
    assert_eq!(f.varnames, facts.varnames, "{ctx}: co_varnames");
    assert_eq!(f.cellvars, facts.cellvars, "{ctx}: co_cellvars");
    assert_eq!(f.freevars, facts.freevars, "{ctx}: co_freevars");
    // Every name python3's dis shows, with its scope and opcodes.
    for (name, scope, ops) in &facts.names {
        let row = if scope == "attribute" || scope == "import" {
            f.names
                .iter()
                .find(|n| &n.name == name && scope_word(n.scope) == scope)
        } else {
            f.name(name)
        }
        .unwrap_or_else(|| panic!("{ctx}: no row for {name} ({scope})"));
        assert_eq!(scope_word(row.scope), scope, "{ctx}: scope of {name}");
        let ours: Vec<&str> = row.opcodes.iter().map(|o| o.name()).collect();
        assert_eq!(ours, *ops, "{ctx}: opcodes of {name}");
    }
    let touched = f.names.iter().filter(|n| !n.opcodes.is_empty()).count();
    assert_eq!(touched, facts.names.len(), "{ctx}: rows with opcodes");
    // __closure__ order and where each cell comes from.
    assert_eq!(
        f.closure.len(),
        facts.closure.len(),
        "{ctx}: closure length"
    );
    for (slot, (index, name, owner, via)) in f.closure.iter().zip(&facts.closure) {
        assert_eq!(slot.index, *index, "{ctx}");
        assert_eq!(&slot.name, name, "{ctx}: closure slot {index}");
        assert_eq!(qualname(e, slot.owner), *owner, "{ctx}: owner of {name}");
        let ours: Vec<String> = slot.via.iter().map(|&v| qualname(e, Some(v))).collect();
        assert_eq!(ours, *via, "{ctx}: pass-through of {name}");
    }
}

#[test]
fn every_fixture_matches_cpython_co_fields_dis_and_symtable() {
    eprintln!("explain facts: {} cases", CASES.len());
    for case in CASES {
        let source = fixture(&format!("{case}.py"));
        let facts = parse_facts(&fixture(&format!("{case}.facts")));
        let e = explain_source(&source, &format!("{case}.py")).expect("compiles");
        assert!(e.from_symtable);
        assert_eq!(e.functions.len(), facts.len(), "{case}: code objects");
        for (f, fact) in e.functions.iter().zip(&facts) {
            assert_eq!(f.qualname, fact.qualname, "{case}: pre-order");
            check_function(case, &e, f, fact);
        }
    }
}

#[test]
fn cells_list_every_function_that_holds_them_at_any_depth() {
    // python3 facts.py scopes_mix.py: total is a cell of top, free in middle,
    // lower (both only LOAD_CLOSURE it) and bottom (LOAD_DEREF STORE_DEREF).
    let e = explain_source(&fixture("scopes_mix.py"), "scopes_mix.py").expect("compiles");
    let top = e.function("top").expect("top");
    let cell = top.cell("total").expect("cell total");
    let users: Vec<String> = cell
        .seen_by
        .iter()
        .map(|u| qualname(&e, Some(u.function)))
        .collect();
    assert_eq!(
        users,
        [
            "top.<locals>.middle",
            "top.<locals>.middle.<locals>.lower",
            "top.<locals>.middle.<locals>.lower.<locals>.bottom"
        ]
    );
    let pass: Vec<bool> = e
        .functions
        .iter()
        .filter_map(|f| f.closure.first().map(|s| s.pass_through))
        .collect();
    assert_eq!(pass, [true, true, false]);
}

#[test]
fn shared_cell_is_seen_by_both_siblings() {
    // python3 -c "...; print(get.__code__.co_freevars, put.__code__.co_freevars,
    //   make_box.__code__.co_cellvars)" on t1_shared_cell.py:
    // ('value',) ('value',) ('value',)
    let e = explain_source(&fixture("t1_shared_cell.py"), "t1_shared_cell.py").expect("compiles");
    let make_box = e.function("make_box").expect("make_box");
    let users: Vec<(String, usize)> = make_box
        .cell("value")
        .expect("cell")
        .seen_by
        .iter()
        .map(|u| (qualname(&e, Some(u.function)), u.slot))
        .collect();
    assert_eq!(
        users,
        [
            ("make_box.<locals>.get".to_string(), 0),
            ("make_box.<locals>.put".to_string(), 0)
        ]
    );
}

#[test]
fn code_objects_alone_cannot_tell_a_read_only_explicit_global() {
    // python3 facts.py scopes_mix.py: peek's counter is global_explicit
    // (LOAD_GLOBAL only), implicit's is global_implicit (LOAD_GLOBAL),
    // the module stores it with STORE_GLOBAL.
    let code = py_fn_compiler::compile(&fixture("scopes_mix.py"), "scopes_mix.py").expect("ok");
    let e = Explanation::from_code(&code, None);
    assert!(!e.from_symtable);
    let scope = |q: &str, n: &str| {
        e.function(q)
            .and_then(|f| f.name(n))
            .map(|n| n.scope)
            .expect("name")
    };
    assert_eq!(scope("peek", "counter"), NameScope::Global);
    assert_eq!(scope("implicit", "counter"), NameScope::Global);
    assert_eq!(scope("<module>", "counter"), NameScope::GlobalExplicit);
    assert_eq!(scope("top", "total"), NameScope::Cell);
    // With the symbol table, CPython's answer.
    let e = explain_source(&fixture("scopes_mix.py"), "scopes_mix.py").expect("ok");
    let f = e
        .function("peek")
        .and_then(|f| f.name("counter"))
        .expect("name");
    assert_eq!(f.scope, NameScope::GlobalExplicit);
}
