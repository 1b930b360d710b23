//! `pyfn explain --dot`: the cells shared between functions as a Graphviz
//! digraph. Each function with cells or free variables is a cluster; a cell
//! is an ellipse in its owner, a `__closure__` slot a box in each function
//! that holds it; an edge is the `LOAD_CLOSURE` that hands the cell down
//! (from the owner, or from a function that only passes it on).

use super::{CodeKind, Explanation, FunctionView};

/// The Graphviz text of `explanation`.
pub fn render_dot(explanation: &Explanation) -> String {
    let mut out = String::new();
    out.push_str("digraph py_fn_closures {\n");
    out.push_str("  rankdir=TB;\n");
    out.push_str("  compound=true;\n");
    out.push_str("  node [fontname=\"monospace\", fontsize=10];\n");
    out.push_str("  edge [fontname=\"monospace\", fontsize=9];\n");
    for (i, f) in explanation.functions.iter().enumerate() {
        if f.cells.is_empty() && f.closure.is_empty() {
            continue;
        }
        cluster(&mut out, i, f);
    }
    for (i, f) in explanation.functions.iter().enumerate() {
        let Some(parent) = f
            .parent
            .and_then(|p| explanation.functions.get(p).map(|pf| (p, pf)))
        else {
            continue;
        };
        for slot in &f.closure {
            let (p, pf) = parent;
            let source = if let Some(k) = pf.cellvars.iter().position(|c| *c == slot.name) {
                cell_node(p, k)
            } else if let Some(k) = pf.freevars.iter().position(|c| *c == slot.name) {
                free_node(p, k)
            } else {
                continue;
            };
            out.push_str(&format!(
                "  {source} -> {} [label=\"LOAD_CLOSURE\"];\n",
                free_node(i, slot.index)
            ));
        }
    }
    out.push_str("}\n");
    out
}

/// The node id of cell `k` of function `i`.
fn cell_node(i: usize, k: usize) -> String {
    format!("f{i}_cell_{k}")
}

/// The node id of closure slot `k` of function `i`.
fn free_node(i: usize, k: usize) -> String {
    format!("f{i}_free_{k}")
}

/// `text` as a DOT double-quoted string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The opcodes that touch `name` in `f`, space-separated.
fn opcodes(f: &FunctionView, name: &str) -> String {
    f.name(name)
        .map(|n| {
            n.opcodes
                .iter()
                .map(|o| o.name())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// The cluster of function `i`.
fn cluster(out: &mut String, i: usize, f: &FunctionView) {
    let kind = match f.kind {
        CodeKind::Module => "module",
        CodeKind::Function => "def",
        CodeKind::Lambda => "lambda",
        CodeKind::Comprehension => "comprehension",
        CodeKind::Class => "class body",
    };
    out.push_str(&format!("  subgraph cluster_f{i} {{\n"));
    out.push_str(&format!(
        "    label={};\n",
        quoted(&format!("{} ({kind}, line {})", f.qualname, f.firstlineno))
    ));
    for (k, cell) in f.cells.iter().enumerate() {
        let label = format!(
            "cell {}\nco_cellvars[{k}]\n{}",
            cell.name,
            opcodes(f, &cell.name)
        );
        out.push_str(&format!(
            "    {} [shape=ellipse, label={}];\n",
            cell_node(i, k),
            quoted(&label)
        ));
    }
    for slot in &f.closure {
        let label = format!(
            "{}\n__closure__[{}]\n{}",
            slot.name,
            slot.index,
            opcodes(f, &slot.name)
        );
        let style = if slot.pass_through {
            ", style=dashed"
        } else {
            ""
        };
        out.push_str(&format!(
            "    {} [shape=box{style}, label={}];\n",
            free_node(i, slot.index),
            quoted(&label)
        ));
    }
    out.push_str("  }\n");
}
