//! Building an [`Explanation`] from a code-object tree: the names each
//! instruction touches (as `dis` resolves its argument), the scope of every
//! name, where each `__closure__` slot's cell comes from, and how the
//! native back end represents each name (the rules of
//! `rustgen::frame::Frame::slot`).

use py_fn_bytecode::code::flags;
use py_fn_bytecode::dis::get_instructions;
use py_fn_bytecode::{CodeData, Constant, Opcode};

use super::blocks::match_blocks;
use super::{
    CellUse, CellView, ClosureSlot, CodeKind, Explanation, FunctionView, NameScope, NameView,
    RustBackend, RustRepr,
};
use crate::rustgen::{cell_ident, free_ident, local_ident};
use crate::symtable::{Block, Scope, SymbolTable};

/// What an instruction does with a name of `co_names`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A variable (`*_NAME`, `*_GLOBAL`) or a fast local, cell or free name.
    Variable,
    /// An attribute (`*_ATTR`, `LOAD_METHOD`, `IMPORT_FROM`).
    Attribute,
    /// A module name (`IMPORT_NAME`).
    Import,
}

/// The names one code object's instructions touch: `(name, role, opcodes)`
/// in order of first use, opcodes distinct in bytecode order.
type Uses = Vec<(String, Role, Vec<Opcode>)>;

/// See [`Explanation::from_code`].
pub fn explain_code(code: &CodeData, symtable: Option<&SymbolTable>) -> Explanation {
    let mut codes: Vec<(&CodeData, Option<usize>)> = Vec::new();
    collect(code, None, &mut codes);
    let blocks = match symtable {
        Some(table) => match_blocks(&codes, table)
            .into_iter()
            .map(|id| id.and_then(|id| table.get(id)))
            .collect(),
        None => vec![None; codes.len()],
    };
    let mut functions: Vec<FunctionView> = codes
        .iter()
        .enumerate()
        .map(|(i, (c, parent))| {
            let block = blocks.get(i).copied().flatten();
            function_view(c, *parent, block)
        })
        .collect();
    for i in 0..functions.len() {
        let parent = functions.get(i).and_then(|f| f.parent);
        if let Some(p) = parent.and_then(|p| functions.get_mut(p)) {
            p.children.push(i);
        }
    }
    resolve_closures(&mut functions);
    Explanation {
        functions,
        from_symtable: symtable.is_some(),
        rust_backend: RustBackend::Unknown,
    }
}

/// `code` and the code objects nested in it, pre-order, with parents.
fn collect<'c>(
    code: &'c CodeData,
    parent: Option<usize>,
    out: &mut Vec<(&'c CodeData, Option<usize>)>,
) {
    let me = out.len();
    out.push((code, parent));
    for c in code.consts.iter() {
        if let Constant::Code(inner) = c {
            collect(inner, Some(me), out);
        }
    }
}

/// The kind of code `code` holds, from its name and flags.
fn code_kind(code: &CodeData) -> CodeKind {
    match code.name.as_ref() {
        "<module>" if code.flags & flags::OPTIMIZED == 0 => CodeKind::Module,
        "<lambda>" => CodeKind::Lambda,
        "<listcomp>" | "<setcomp>" | "<dictcomp>" | "<genexpr>" => CodeKind::Comprehension,
        _ if code.flags & flags::OPTIMIZED == 0 => CodeKind::Class,
        _ => CodeKind::Function,
    }
}

/// The view of one code object, closure sources not yet resolved.
fn function_view(code: &CodeData, parent: Option<usize>, block: Option<&Block>) -> FunctionView {
    let kind = code_kind(code);
    let generator = code.flags
        & (flags::GENERATOR
            | flags::COROUTINE
            | flags::ASYNC_GENERATOR
            | flags::ITERABLE_COROUTINE)
        != 0;
    let strs = |l: &[py_fn_bytecode::code::Str]| -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    };
    let varnames = strs(&code.varnames);
    let cellvars = strs(&code.cellvars);
    let freevars = strs(&code.freevars);
    let nparams = code.argcount as usize
        + code.kwonlyargcount as usize
        + usize::from(code.flags & flags::VARARGS != 0)
        + usize::from(code.flags & flags::VARKEYWORDS != 0);
    let params: Vec<String> = varnames.iter().take(nparams).cloned().collect();
    let uses = instruction_uses(code);
    let translated = matches!(
        kind,
        CodeKind::Module
            | CodeKind::Function
            | CodeKind::Lambda
            | CodeKind::Class
            | CodeKind::Comprehension
    ) && !generator;

    let mut names = Vec::new();
    for name in code.localsplus() {
        if names.iter().any(|n: &NameView| n.name == name) {
            continue;
        }
        let scope = if freevars.iter().any(|f| f == name) {
            NameScope::Free
        } else if cellvars.iter().any(|c| c == name) {
            NameScope::Cell
        } else {
            NameScope::Local
        };
        let param = params.iter().any(|p| p == name);
        let opcodes = opcodes_of(&uses, name, Role::Variable);
        let rust = if translated {
            let rebound = opcodes
                .iter()
                .any(|o| matches!(o, Opcode::STORE_FAST | Opcode::DELETE_FAST));
            local_repr(name, scope, param.then_some(!rebound), &freevars)
        } else {
            RustRepr::NotGenerated
        };
        names.push(NameView {
            name: name.to_string(),
            scope,
            param,
            opcodes,
            rust,
        });
    }
    for name in code.names.iter() {
        for role in [Role::Variable, Role::Attribute, Role::Import] {
            let opcodes = opcodes_of(&uses, name, role);
            if opcodes.is_empty() {
                continue;
            }
            if role == Role::Variable && names.iter().any(|n| n.name == name.as_ref()) {
                continue;
            }
            let scope = match role {
                Role::Variable => global_scope(kind, block, name, &opcodes),
                Role::Attribute => NameScope::Attribute,
                Role::Import => NameScope::Import,
            };
            let rust = match scope {
                _ if !translated => RustRepr::NotGenerated,
                NameScope::Attribute => RustRepr::Attribute,
                NameScope::Import => RustRepr::NotGenerated,
                NameScope::Namespace if kind == CodeKind::Class => RustRepr::ClassNamespace,
                _ => RustRepr::Globals,
            };
            names.push(NameView {
                name: name.to_string(),
                scope,
                param: false,
                opcodes,
                rust,
            });
        }
    }

    let cells = cellvars
        .iter()
        .map(|c| CellView {
            name: c.clone(),
            param: params.iter().any(|p| p == c),
            seen_by: Vec::new(),
        })
        .collect();
    let closure = freevars
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let ops = opcodes_of(&uses, name, Role::Variable);
            ClosureSlot {
                index,
                name: name.clone(),
                owner: None,
                via: Vec::new(),
                pass_through: ops
                    .iter()
                    .all(|o| matches!(o, Opcode::COPY_FREE_VARS | Opcode::LOAD_CLOSURE)),
            }
        })
        .collect();
    FunctionView {
        name: code.name.to_string(),
        qualname: code.qualname.to_string(),
        firstlineno: code.firstlineno,
        kind,
        interpreted: !translated,
        generator,
        parent,
        children: Vec::new(),
        params,
        varnames,
        cellvars,
        freevars,
        closure,
        cells,
        names,
    }
}

/// How `rustgen` holds a fast local, cell or free variable of a `def` or
/// `lambda` (`Frame::slot`), and of module code (everything global).
/// `param` is `Some(borrowed)` for a parameter.
fn local_repr(name: &str, scope: NameScope, param: Option<bool>, freevars: &[String]) -> RustRepr {
    match scope {
        NameScope::Cell => RustRepr::Cell {
            ident: cell_ident(name).to_string(),
        },
        NameScope::Free => RustRepr::ClosureSlot {
            ident: free_ident(name).to_string(),
            index: freevars.iter().position(|f| f == name).unwrap_or(0),
        },
        _ if param.is_some() => RustRepr::Param {
            ident: local_ident(name).to_string(),
            borrowed: param == Some(true),
        },
        _ => RustRepr::Local {
            ident: local_ident(name).to_string(),
        },
    }
}

/// The scope of a variable of `co_names`: a namespace lookup for `*_NAME`,
/// else a global, explicit or implicit as the symbol table says (or as the
/// bytecode shows: only a `global` declaration makes `STORE_GLOBAL`).
fn global_scope(kind: CodeKind, block: Option<&Block>, name: &str, ops: &[Opcode]) -> NameScope {
    use Opcode::*;
    if ops
        .iter()
        .any(|o| matches!(o, LOAD_NAME | STORE_NAME | DELETE_NAME))
    {
        return NameScope::Namespace;
    }
    match block.and_then(|b| b.scope_of(name)) {
        Some(Scope::GlobalExplicit) => return NameScope::GlobalExplicit,
        Some(Scope::GlobalImplicit) => return NameScope::GlobalImplicit,
        _ => {}
    }
    let stores = ops
        .iter()
        .any(|o| matches!(o, STORE_GLOBAL | DELETE_GLOBAL));
    if stores || matches!(kind, CodeKind::Module | CodeKind::Class) {
        NameScope::GlobalExplicit
    } else {
        NameScope::Global
    }
}

/// The distinct opcodes that touch `name` in `role`.
fn opcodes_of(uses: &Uses, name: &str, role: Role) -> Vec<Opcode> {
    uses.iter()
        .find(|(n, r, _)| n == name && *r == role)
        .map(|(_, _, ops)| ops.clone())
        .unwrap_or_default()
}

/// Every name each instruction of `code` touches, as `dis` resolves the
/// argument: `co_names` for the name group (`LOAD_GLOBAL`'s index shifted
/// by one), the fast-locals layout for the local and free groups, and the
/// first `n` free variables for `COPY_FREE_VARS n`.
fn instruction_uses(code: &CodeData) -> Uses {
    let localsplus = code.localsplus();
    let mut uses: Uses = Vec::new();
    let mut add = |name: &str, role: Role, op: Opcode| match uses
        .iter_mut()
        .find(|(n, r, _)| n == name && *r == role)
    {
        Some((_, _, ops)) => {
            if !ops.contains(&op) {
                ops.push(op);
            }
        }
        None => uses.push((name.to_string(), role, vec![op])),
    };
    for instr in get_instructions(code) {
        let (Some(op), Some(arg)) = (instr.opcode, instr.arg) else {
            continue;
        };
        let Ok(arg) = usize::try_from(arg) else {
            continue;
        };
        if op.has_name() {
            let index = if op == Opcode::LOAD_GLOBAL {
                arg / 2
            } else {
                arg
            };
            let role = match op {
                Opcode::LOAD_ATTR
                | Opcode::STORE_ATTR
                | Opcode::DELETE_ATTR
                | Opcode::LOAD_METHOD
                | Opcode::IMPORT_FROM => Role::Attribute,
                Opcode::IMPORT_NAME => Role::Import,
                _ => Role::Variable,
            };
            if let Some(name) = code.names.get(index) {
                add(name, role, op);
            }
        } else if op.has_local() || op.has_free() {
            if let Some(name) = localsplus.get(arg) {
                add(name, Role::Variable, op);
            }
        } else if op == Opcode::COPY_FREE_VARS {
            for name in code.freevars.iter().take(arg) {
                add(name, Role::Variable, op);
            }
        }
    }
    uses
}

/// Fills [`ClosureSlot::owner`]/[`ClosureSlot::via`] (parents come before
/// children in pre-order) and every owner's [`CellView::seen_by`].
fn resolve_closures(functions: &mut [FunctionView]) {
    for i in 0..functions.len() {
        let Some(f) = functions.get(i) else { continue };
        let parent = f.parent.and_then(|p| functions.get(p).map(|pf| (p, pf)));
        let resolved: Vec<(Option<usize>, Vec<usize>)> = f
            .closure
            .iter()
            .map(|slot| match parent {
                Some((p, pf)) if pf.cellvars.contains(&slot.name) => (Some(p), Vec::new()),
                Some((p, pf)) => match pf.closure.iter().find(|s| s.name == slot.name) {
                    Some(up) => {
                        let mut via = up.via.clone();
                        via.push(p);
                        (up.owner, via)
                    }
                    None => (None, Vec::new()),
                },
                None => (None, Vec::new()),
            })
            .collect();
        let mut seen: Vec<(usize, String, CellUse)> = Vec::new();
        if let Some(f) = functions.get_mut(i) {
            for (slot, (owner, via)) in f.closure.iter_mut().zip(resolved) {
                slot.owner = owner;
                slot.via = via.clone();
                if let Some(owner) = owner {
                    seen.push((
                        owner,
                        slot.name.clone(),
                        CellUse {
                            function: i,
                            slot: slot.index,
                            via,
                        },
                    ));
                }
            }
        }
        for (owner, name, used) in seen {
            let cell = functions
                .get_mut(owner)
                .and_then(|o| o.cells.iter_mut().find(|c| c.name == name));
            if let Some(cell) = cell {
                cell.seen_by.push(used);
            }
        }
    }
}
