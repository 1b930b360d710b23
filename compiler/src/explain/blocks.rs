//! Which symbol-table block each code object was compiled from.
//!
//! A code object's nested code objects appear in its `co_consts` in the
//! order the compiler emitted them, which is the order of the block's
//! children in the symbol table, except that CPython drops the code of
//! unreachable definitions. So each nested code object takes the next
//! unused child block with the same name, preferring one that starts on
//! its `co_firstlineno`.

use py_fn_bytecode::CodeData;

use crate::symtable::{ScopeId, SymbolTable};

/// The symbol-table name of the block a code object called `co_name` came
/// from: `<module>` is `top`, `<lambda>` is `lambda`, `<listcomp>` is
/// `listcomp`, and a `def` or `class` keeps its name.
fn block_name(co_name: &str) -> &str {
    match co_name {
        "<module>" => "top",
        "<lambda>" | "<listcomp>" | "<setcomp>" | "<dictcomp>" | "<genexpr>" => co_name
            .strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .unwrap_or(co_name),
        _ => co_name,
    }
}

/// For each code object of `codes` (pre-order, each with its parent's
/// index), the block it was compiled from, if one matches. The root is
/// matched to the module block when it is module code.
pub fn match_blocks(
    codes: &[(&CodeData, Option<usize>)],
    table: &SymbolTable,
) -> Vec<Option<ScopeId>> {
    let mut out: Vec<Option<ScopeId>> = Vec::with_capacity(codes.len());
    let mut used: Vec<ScopeId> = Vec::new();
    for (code, parent) in codes {
        let found = match parent {
            None => (code.name.as_ref() == "<module>").then(|| table.top()),
            Some(p) => match out.get(*p).copied().flatten() {
                Some(parent_block) => {
                    let found = pick_child(table, parent_block, code, &used);
                    if let Some(id) = found {
                        used.push(id);
                    }
                    found
                }
                None => None,
            },
        };
        out.push(found);
    }
    out
}

/// The first unused child of `parent` named like `code`, one starting on
/// `co_firstlineno` first, else one starting after it (a decorated `def`
/// starts at its first decorator).
fn pick_child(
    table: &SymbolTable,
    parent: ScopeId,
    code: &CodeData,
    used: &[ScopeId],
) -> Option<ScopeId> {
    let name = block_name(&code.name);
    let candidates: Vec<ScopeId> = table
        .children(parent)
        .iter()
        .copied()
        .filter(|id| !used.contains(id))
        .filter(|id| table.get(*id).is_some_and(|b| b.name == name))
        .collect();
    let line_of = |id: &ScopeId| table.get(*id).map_or(0, |b| b.loc.line);
    candidates
        .iter()
        .find(|id| line_of(id) == code.firstlineno)
        .or_else(|| candidates.iter().find(|id| line_of(id) >= code.firstlineno))
        .copied()
}
