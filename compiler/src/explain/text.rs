//! The text of `pyfn explain`: per code object its `co_*` name layout, the
//! seed tutorial's cell diagram drawn for the real code, where each
//! `__closure__` slot comes from, and the table of names.

use py_fn_bytecode::repr::{str_repr, tuple_repr};
use py_fn_bytecode::Opcode;

use super::{CodeKind, Explanation, FunctionView, NameScope, NameView, RustBackend, RustRepr};

/// Live cell contents for the text view: called with a function's
/// `co_qualname` and a cell or free variable name, it returns the `repr` of
/// what the cell holds now (or a word such as `empty`), or `None` when it
/// has no live data. The runtime can pass one to show a running program.
pub type LiveCells<'a> = &'a dyn Fn(&str, &str) -> Option<String>;

/// The text view of `explanation`; with `live`, each cell in the diagrams
/// shows its contents as `cell(x: 5)`.
pub fn render_text(explanation: &Explanation, live: Option<LiveCells<'_>>) -> String {
    let mut out = String::new();
    out.push_str(if explanation.from_symtable {
        "scopes: CPython 3.11's symbol table and the code objects\n"
    } else {
        "scopes: read off the code objects alone\n"
    });
    out.push_str(
        "Rust: the code py_fn's native back end generates \
         (rt = ::py_fn::__private::rt, rt::CellRef = Rc<RefCell<Option<Value>>>)\n",
    );
    if let RustBackend::NotTranslated(why) = &explanation.rust_backend {
        out.push_str(&format!(
            "note: the native back end does not translate this module yet ({why});\n      \
             the Rust column shows how it represents each kind of name\n"
        ));
    }
    for (me, f) in explanation.functions.iter().enumerate() {
        out.push('\n');
        function_text(&mut out, explanation, me, f, live);
    }
    out
}

/// `def`, `lambda`, ... for a section header.
fn kind_word(kind: CodeKind) -> &'static str {
    match kind {
        CodeKind::Module => "module code",
        CodeKind::Function => "def",
        CodeKind::Lambda => "lambda",
        CodeKind::Comprehension => "comprehension",
        CodeKind::Class => "class body",
    }
}

/// Python's `repr` of a tuple of strings.
fn names_repr(names: &[String]) -> String {
    tuple_repr(names.iter().map(|n| str_repr(n)))
}

/// The co_name of function `i` (`?` if out of range), with its first line
/// when another code object of the explanation has the same name.
fn name_of(explanation: &Explanation, i: usize) -> String {
    let Some(f) = explanation.functions.get(i) else {
        return "?".to_string();
    };
    if is_ambiguous(explanation, f) {
        format!("{} (line {})", f.name, f.firstlineno)
    } else {
        f.name.clone()
    }
}

/// Another code object of the explanation has `f`'s co_name.
fn is_ambiguous(explanation: &Explanation, f: &FunctionView) -> bool {
    explanation
        .functions
        .iter()
        .filter(|g| g.name == f.name)
        .nth(1)
        .is_some()
}

/// The section of function `me`, `f`.
fn function_text(
    out: &mut String,
    explanation: &Explanation,
    me: usize,
    f: &FunctionView,
    live: Option<LiveCells<'_>>,
) {
    out.push_str(&format!(
        "== {} ({}, line {}) ==\n",
        f.qualname,
        kind_word(f.kind),
        f.firstlineno
    ));
    if f.interpreted && explanation.rust_backend == RustBackend::Translated {
        out.push_str(
            "  runs on the bytecode interpreter (the native back end does not lower it)\n",
        );
    }
    if f.kind != CodeKind::Module {
        out.push_str(&format!("  co_varnames  {}\n", names_repr(&f.varnames)));
        out.push_str(&format!("  co_cellvars  {}\n", names_repr(&f.cellvars)));
        out.push_str(&format!("  co_freevars  {}\n", names_repr(&f.freevars)));
        closure_text(out, explanation, f, live);
        diagram(out, explanation, me, f, live);
        cells_text(out, explanation, f);
    }
    names_table(out, f);
}

/// `__closure__` and where each slot's cell comes from.
fn closure_text(
    out: &mut String,
    explanation: &Explanation,
    f: &FunctionView,
    live: Option<LiveCells<'_>>,
) {
    if f.closure.is_empty() {
        out.push_str("  __closure__  None\n");
        return;
    }
    out.push_str(&format!("  __closure__  {}\n", closure_tuple(f, live)));
    for slot in &f.closure {
        let mut line = format!("    [{}] {}  ", slot.index, slot.name);
        match slot.owner {
            Some(owner) => line.push_str(&format!(
                "the cell {} of {}",
                slot.name,
                name_of(explanation, owner)
            )),
            None => line.push_str("a cell from outside the explained code"),
        }
        if !slot.via.is_empty() {
            let via: Vec<String> = slot.via.iter().map(|&v| name_of(explanation, v)).collect();
            line.push_str(&format!(", passed through {}", via.join(" -> ")));
        }
        if slot.pass_through {
            line.push_str("; only passed on to nested functions (LOAD_CLOSURE)");
        }
        out.push_str(&line);
        out.push('\n');
    }
}

/// `tuple(cell(x), cell(y))`, with live contents when known.
fn closure_tuple(f: &FunctionView, live: Option<LiveCells<'_>>) -> String {
    let cells: Vec<String> = f
        .closure
        .iter()
        .map(|slot| cell_text(&f.qualname, &slot.name, live))
        .collect();
    format!("tuple({})", cells.join(", "))
}

/// `cell(x)` or `cell(x: <contents>)`.
fn cell_text(qualname: &str, name: &str, live: Option<LiveCells<'_>>) -> String {
    match live.and_then(|l| l(qualname, name)) {
        Some(contents) => format!("cell({name}: {contents})"),
        None => format!("cell({name})"),
    }
}

/// The seed tutorial's drawing: this function's `co_cellvars`, then each
/// nested function (any depth) that holds one of its cells.
fn diagram(
    out: &mut String,
    explanation: &Explanation,
    me: usize,
    f: &FunctionView,
    live: Option<LiveCells<'_>>,
) {
    let mut users: Vec<usize> = f
        .cells
        .iter()
        .flat_map(|c| c.seen_by.iter().map(|u| u.function))
        .collect();
    users.sort_unstable();
    users.dedup();
    if users.is_empty() {
        return;
    }
    out.push('\n');
    let cellvars: Vec<String> = f
        .cellvars
        .iter()
        .map(|c| match live.and_then(|l| l(&f.qualname, c)) {
            Some(v) => format!("{}: {v}", str_repr(c)),
            None => str_repr(c),
        })
        .collect();
    let cellvars = if live.is_some() {
        format!("({})", cellvars.join(", "))
    } else {
        names_repr(&f.cellvars)
    };
    out.push_str(&format!(
        "  {}.__code__.co_cellvars -> {cellvars}\n",
        f.name
    ));
    let single = users.len() == 1;
    for (k, &u) in users.iter().enumerate() {
        let Some(user) = explanation.functions.get(u) else {
            continue;
        };
        let last = k + 1 == users.len();
        let head = format!("{}.__code__.co_freevars", user.name);
        let cells: Vec<String> = user
            .closure
            .iter()
            .map(|slot| {
                let mut text = cell_text(&user.qualname, &slot.name, live);
                if slot.owner != Some(me) {
                    if let Some(owner) = slot.owner {
                        text.push_str(&format!(" of {}", name_of(explanation, owner)));
                    }
                } else if let Some(&last_via) = slot.via.last() {
                    text.push_str(&format!(" via {}", name_of(explanation, last_via)));
                }
                text
            })
            .collect();
        let mut first = format!("{head} -> {}", names_repr(&user.freevars));
        if is_ambiguous(explanation, user) {
            first.push_str(&format!("    # line {}", user.firstlineno));
        }
        let second = format!(
            "{:<width$} -> tuple({})",
            format!("{}.__closure__", user.name),
            cells.join(", "),
            width = head.len()
        );
        if single {
            out.push_str("            |\n            v\n");
            out.push_str(&format!("  {first}\n  {second}\n"));
        } else {
            out.push_str("            |\n");
            out.push_str(&format!("            +--> {first}\n"));
            let bar = if last { " " } else { "|" };
            out.push_str(&format!("            {bar}    {second}\n"));
        }
    }
}

/// Who sees each cell this function owns.
fn cells_text(out: &mut String, explanation: &Explanation, f: &FunctionView) {
    if f.cells.is_empty() {
        return;
    }
    out.push_str("\n  cells:\n");
    for cell in &f.cells {
        let mut line = format!("    {}", cell.name);
        if cell.param {
            line.push_str(" (parameter)");
        }
        if cell.seen_by.is_empty() {
            line.push_str(": no nested function in this code holds it");
        } else {
            let users: Vec<String> = cell
                .seen_by
                .iter()
                .map(|u| {
                    let mut text = match explanation.functions.get(u.function) {
                        Some(user) => format!("{}.__closure__[{}]", user.name, u.slot),
                        None => format!("?.__closure__[{}]", u.slot),
                    };
                    if let Some(user) = explanation.functions.get(u.function) {
                        if is_ambiguous(explanation, user) {
                            text.push_str(&format!(" (line {})", user.firstlineno));
                        }
                    }
                    if !u.via.is_empty() {
                        let via: Vec<String> =
                            u.via.iter().map(|&v| name_of(explanation, v)).collect();
                        text.push_str(&format!(" (through {})", via.join(" -> ")));
                    }
                    text
                })
                .collect();
            line.push_str(&format!(" -> free in {}", users.join(", ")));
        }
        out.push_str(&line);
        out.push('\n');
    }
}

/// The Python scope column.
fn scope_text(f: &FunctionView, n: &NameView) -> String {
    let base = match n.scope {
        NameScope::Local => "local",
        NameScope::Cell => "cell",
        NameScope::Free => "free",
        NameScope::GlobalExplicit => "global (explicit)",
        NameScope::GlobalImplicit => "global (implicit)",
        NameScope::Global => "global",
        NameScope::Namespace => match f.kind {
            CodeKind::Module => "global (module level)",
            CodeKind::Class => "class-body name",
            _ => "namespace name",
        },
        NameScope::Attribute => "attribute (not a variable)",
        NameScope::Import => "module name (import)",
    };
    if n.param {
        format!("{base} (parameter)")
    } else {
        base.to_string()
    }
}

/// The Rust column: what the generated code declares or calls for `n`.
fn rust_text(n: &NameView) -> String {
    let has = |op: Opcode| n.opcodes.contains(&op);
    match &n.rust {
        RustRepr::Param {
            ident,
            borrowed: true,
        } => format!("{ident}: &rt::Value (borrowed from the arguments)"),
        RustRepr::Param { ident, .. } => {
            format!("{ident}: rt::Value (a Rust local, a copy of the argument)")
        }
        RustRepr::Local { ident } => {
            format!("{ident}: Option<rt::Value> (a Rust local, None while unbound)")
        }
        RustRepr::Cell { ident } => {
            let mut text = format!(
                "{ident}: rt::CellRef = Rc<RefCell<Option<Value>>> (its own cell, new per call"
            );
            if n.param {
                text.push_str(", the argument stored in it");
            }
            text.push(')');
            text
        }
        RustRepr::ClosureSlot { ident, index } => {
            format!("{ident} = &__f.closure()[{index}], a shared Rc<RefCell<Option<Value>>> cell")
        }
        RustRepr::Globals => {
            let name = rust_str(&n.name);
            let mut calls = Vec::new();
            if has(Opcode::LOAD_GLOBAL) || has(Opcode::LOAD_NAME) {
                calls.push(format!("rt::load_global(__g, {name})"));
            }
            if has(Opcode::STORE_GLOBAL) || has(Opcode::STORE_NAME) {
                calls.push(format!("rt::store_global(__g, {name}, v)"));
            }
            if has(Opcode::DELETE_GLOBAL) || has(Opcode::DELETE_NAME) {
                calls.push(format!("rt::delete_global(__g, {name})"));
            }
            format!("the globals table: {}", calls.join(" / "))
        }
        RustRepr::Attribute => {
            let name = rust_str(&n.name);
            let mut calls = Vec::new();
            if has(Opcode::LOAD_ATTR) {
                calls.push(format!("rt::getattr(obj, {name})"));
            }
            if has(Opcode::STORE_ATTR) {
                calls.push(format!("rt::setattr(obj, {name}, v)"));
            }
            if has(Opcode::LOAD_METHOD) {
                calls.push(format!("rt::call_method(obj, {name}, args)"));
            }
            if calls.is_empty() {
                "an attribute lookup".to_string()
            } else {
                calls.join(" / ")
            }
        }
        RustRepr::ClassNamespace => {
            let name = rust_str(&n.name);
            format!(
                "the class namespace __ns, then the globals: rt::load_name(__ns, __g, {name}) / rt::store_name(__ns, {name}, v)"
            )
        }
        RustRepr::NotGenerated => "(not translated by the native back end)".to_string(),
    }
}

/// `name` as a Rust string literal.
fn rust_str(name: &str) -> String {
    format!("{name:?}")
}

/// The table of names.
fn names_table(out: &mut String, f: &FunctionView) {
    out.push_str("\n  names:\n");
    if f.names.is_empty() {
        out.push_str("    (none)\n");
        return;
    }
    let rows: Vec<[String; 4]> = f
        .names
        .iter()
        .map(|n| {
            let ops: Vec<&str> = n.opcodes.iter().map(|o| o.name()).collect();
            [
                n.name.clone(),
                scope_text(f, n),
                if ops.is_empty() {
                    "-".to_string()
                } else {
                    ops.join(" ")
                },
                rust_text(n),
            ]
        })
        .collect();
    let header = [
        "name".to_string(),
        "Python scope".to_string(),
        "opcodes".to_string(),
        "Rust representation".to_string(),
    ];
    let width = |col: usize| {
        std::iter::once(&header)
            .chain(rows.iter())
            .map(|r| r.get(col).map_or(0, |c| c.chars().count()))
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2) = (width(0), width(1), width(2));
    for row in std::iter::once(&header).chain(rows.iter()) {
        let [a, b, c, d] = row;
        let line = format!("    {a:<w0$}  {b:<w1$}  {c:<w2$}  {d}");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}
