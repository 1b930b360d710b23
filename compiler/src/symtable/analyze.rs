//! Pass 2 (`analyze_block`): decides each name's scope, turns locals that
//! nested blocks use into cells and passes free names through middle
//! functions (CPYTHON_SCOPES.md steps 6–13).

use std::collections::HashSet;

use super::flags::{DEF_BOUND, DEF_FREE_CLASS, DEF_GLOBAL, DEF_NONLOCAL};
use super::{Block, BlockType, Scope, ScopeId, Symbol};
use crate::ast::Loc;
use crate::error::{CompileError, CompileResult};
use crate::messages;

type NameSet = HashSet<String>;

/// `symtable_analyze`: analyses the module block (block 0) and, through it,
/// every block.
pub(super) fn analyze(blocks: &mut [Block]) -> CompileResult<()> {
    let mut free = NameSet::new();
    let mut global = NameSet::new();
    analyze_block(blocks, ScopeId(0), None, &mut free, &mut global)
}

/// `analyze_block`: `bound` is `None` only for the module.
fn analyze_block(
    blocks: &mut [Block],
    id: ScopeId,
    mut bound: Option<&mut NameSet>,
    free: &mut NameSet,
    global: &mut NameSet,
) -> CompileResult<()> {
    let idx = id.0 as usize;
    let kind = blocks[idx].kind;
    let mut local = NameSet::new();
    let mut newglobal = NameSet::new();
    let mut newfree = NameSet::new();
    let mut newbound = NameSet::new();

    // Class bindings are invisible to nested functions: take the
    // environment before the class's own names are analysed.
    if kind == BlockType::Class {
        newglobal.extend(global.iter().cloned());
        if let Some(b) = bound.as_deref() {
            newbound.extend(b.iter().cloned());
        }
    }

    let mut scopes = Vec::with_capacity(blocks[idx].symbols.len());
    for i in 0..blocks[idx].symbols.len() {
        let (name, flags) = {
            let sym = &blocks[idx].symbols[i];
            (sym.name.clone(), sym.flags)
        };
        let scope = analyze_name(
            &mut blocks[idx],
            &name,
            flags,
            bound.as_deref_mut(),
            &mut local,
            free,
            global,
        )?;
        scopes.push(scope);
    }

    if kind != BlockType::Class {
        if kind == BlockType::Function {
            newbound.extend(local.iter().cloned());
        }
        if let Some(b) = bound.as_deref() {
            newbound.extend(b.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    } else {
        newbound.insert("__class__".to_string());
    }

    let mut allfree = NameSet::new();
    let children = blocks[idx].children.clone();
    for child in children {
        let mut child_bound = newbound.clone();
        let mut child_free = newfree.clone();
        let mut child_global = newglobal.clone();
        analyze_block(
            blocks,
            child,
            Some(&mut child_bound),
            &mut child_free,
            &mut child_global,
        )?;
        allfree.extend(child_free);
        let c = &blocks[child.0 as usize];
        if c.has_free || c.child_free {
            blocks[idx].child_free = true;
        }
    }
    newfree.extend(allfree);

    match kind {
        BlockType::Function => analyze_cells(&blocks[idx].symbols, &mut scopes, &mut newfree),
        BlockType::Class => drop_class_free(&mut blocks[idx], &mut newfree),
        BlockType::Module => {}
    }
    update_symbols(
        &mut blocks[idx],
        &scopes,
        bound.as_deref(),
        &newfree,
        kind == BlockType::Class,
    );
    free.extend(newfree);
    Ok(())
}

/// `analyze_name`: the scope of one symbol of `block`.
fn analyze_name(
    block: &mut Block,
    name: &str,
    flags: u32,
    bound: Option<&mut NameSet>,
    local: &mut NameSet,
    free: &mut NameSet,
    global: &mut NameSet,
) -> CompileResult<Scope> {
    if flags & DEF_GLOBAL != 0 {
        if flags & DEF_NONLOCAL != 0 {
            return Err(error_at_directive(
                block,
                name,
                messages::nonlocal_and_global(name),
            ));
        }
        global.insert(name.to_string());
        if let Some(b) = bound {
            b.remove(name);
        }
        return Ok(Scope::GlobalExplicit);
    }
    if flags & DEF_NONLOCAL != 0 {
        let Some(b) = bound else {
            return Err(error_at_directive(
                block,
                name,
                messages::nonlocal_at_module_level(),
            ));
        };
        if !b.contains(name) {
            return Err(error_at_directive(
                block,
                name,
                messages::no_binding_for_nonlocal(name),
            ));
        }
        block.has_free = true;
        free.insert(name.to_string());
        return Ok(Scope::Free);
    }
    if flags & DEF_BOUND != 0 {
        local.insert(name.to_string());
        global.remove(name);
        return Ok(Scope::Local);
    }
    if bound.as_deref().is_some_and(|b| b.contains(name)) {
        block.has_free = true;
        free.insert(name.to_string());
        return Ok(Scope::Free);
    }
    if global.contains(name) {
        return Ok(Scope::GlobalImplicit);
    }
    if block.nested {
        block.has_free = true;
    }
    Ok(Scope::GlobalImplicit)
}

/// `error_at_directive`: the error is located at the first `global` /
/// `nonlocal` directive recorded for `name` in `block`.
fn error_at_directive(block: &Block, name: &str, msg: String) -> CompileError {
    let loc = block
        .directives
        .iter()
        .find(|(n, _)| n == name)
        .map_or(Loc::default(), |&(_, loc)| loc);
    CompileError::syntax(msg, loc)
}

/// `analyze_cells`: locals that some nested block uses become cells.
fn analyze_cells(symbols: &[Symbol], scopes: &mut [Scope], free: &mut NameSet) {
    for (sym, scope) in symbols.iter().zip(scopes.iter_mut()) {
        if *scope == Scope::Local && free.remove(&sym.name) {
            *scope = Scope::Cell;
        }
    }
}

/// `drop_class_free`: a nested use of `__class__` gives the class its
/// implicit `__class__` cell.
fn drop_class_free(block: &mut Block, free: &mut NameSet) {
    if free.remove("__class__") {
        block.needs_class_closure = true;
    }
}

/// `update_symbols`: records the scopes, then adds the names free in some
/// descendant that this block must pass through (as `Free`, with no flags).
fn update_symbols(
    block: &mut Block,
    scopes: &[Scope],
    bound: Option<&NameSet>,
    free: &NameSet,
    class: bool,
) {
    for (sym, &scope) in block.symbols.iter_mut().zip(scopes) {
        sym.scope = scope;
    }
    // CPython walks a hash set here; sorting makes the order of the added
    // pass-through names deterministic (only sorted `co_freevars` see them).
    let mut names: Vec<&String> = free.iter().collect();
    names.sort();
    for name in names {
        if let Some(sym) = block.symbol_mut(name) {
            if class && sym.flags & (DEF_BOUND | DEF_GLOBAL) != 0 {
                sym.flags |= DEF_FREE_CLASS;
            }
            continue;
        }
        if bound.is_some_and(|b| !b.contains(name.as_str())) {
            continue;
        }
        block.add_flags(name, 0);
        if let Some(sym) = block.symbol_mut(name) {
            sym.scope = Scope::Free;
        }
    }
}
