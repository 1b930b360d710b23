//! CPython 3.11's symbol table (`Python/symtable.c`): pass 1 collects what
//! each block does with each name, pass 2 (`analyze_block`) decides scopes,
//! cells and free variables. See `CPYTHON_SCOPES.md` steps 1–13.
//!
//! Blocks live in an arena ([`SymbolTable::blocks`]) addressed by
//! [`ScopeId`]; block 0 is the module.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::ast::{Loc, Module};
use crate::error::CompileResult;

mod analyze;
mod visit;

/// Stack of the thread [`SymbolTable::build`] walks on (3000 nesting
/// levels take about 8 MiB in a debug build).
const WALK_STACK_BYTES: usize = 64 << 20;

/// Symbol flags with CPython 3.11's bit values (`pycore_symtable.h`).
pub mod flags {
    /// `global x` in this block.
    pub const DEF_GLOBAL: u32 = 1;
    /// Assigned (or deleted) in this block.
    pub const DEF_LOCAL: u32 = 2;
    /// A parameter.
    pub const DEF_PARAM: u32 = 4;
    /// `nonlocal x` in this block.
    pub const DEF_NONLOCAL: u32 = 8;
    /// Read in this block.
    pub const USE: u32 = 16;
    /// Free in some nested block.
    pub const DEF_FREE: u32 = 32;
    /// Free in a class body, from an enclosing function.
    pub const DEF_FREE_CLASS: u32 = 64;
    /// Bound by an import.
    pub const DEF_IMPORT: u32 = 128;
    /// Annotated.
    pub const DEF_ANNOT: u32 = 256;
    /// Target of a comprehension `for`.
    pub const DEF_COMP_ITER: u32 = 512;
    /// Any binding.
    pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;
}

/// The scope a name resolves to in a block (CPython's `LOCAL` ... `CELL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A plain local (`*_FAST` in functions, `*_NAME` in module/class code).
    Local,
    /// Declared `global` in this block.
    GlobalExplicit,
    /// Not bound anywhere visible: a module global or a builtin.
    GlobalImplicit,
    /// Bound in an enclosing function, reached through a cell.
    Free,
    /// Bound here and used by a nested block: stored in a cell.
    Cell,
}

/// The kind of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockType {
    /// The module.
    Module,
    /// A `def`, `lambda` or comprehension.
    Function,
    /// A `class` body.
    Class,
}

/// Index of a block in [`SymbolTable::blocks`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub u32);

/// One name of a block, after analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The name (mangled in class bodies).
    pub name: String,
    /// `flags::*` bits collected in pass 1 (plus `DEF_FREE_CLASS` from pass 2).
    pub flags: u32,
    /// The resolved scope.
    pub scope: Scope,
}

/// One block (CPython's `PySTEntryObject`).
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// `top` for the module, the function or class name, `lambda`,
    /// `listcomp`, `setcomp`, `dictcomp` or `genexpr`.
    pub name: String,
    /// Module, function or class.
    pub kind: BlockType,
    /// Position of the node that opened the block (`def`/`class` statement,
    /// lambda or comprehension expression; `Loc::default()` for the module).
    pub loc: Loc,
    /// Symbols in insertion order.
    pub symbols: Vec<Symbol>,
    /// Parameters in CPython's order: positional-only, positional,
    /// keyword-only, `*args`, `**kwargs` (`.0` for comprehensions).
    pub varnames: Vec<String>,
    /// Nested blocks in source order.
    pub children: Vec<ScopeId>,
    /// The enclosing block (`None` for the module).
    pub parent: Option<ScopeId>,
    /// The parent is a function, or is itself nested.
    pub nested: bool,
    /// Some name of this block is free.
    pub has_free: bool,
    /// Some child block has free names.
    pub child_free: bool,
    /// Contains `yield` / `yield from`.
    pub generator: bool,
    /// Has `*args`.
    pub varargs: bool,
    /// Has `**kwargs`.
    pub varkeywords: bool,
    /// A class body that needs the implicit `__class__` cell.
    pub needs_class_closure: bool,
    /// A comprehension or generator expression block.
    pub comprehension: bool,
    /// Has a `return <value>` statement.
    pub returns_value: bool,
    /// Every `global`/`nonlocal` name of this block (and every walrus target
    /// a comprehension passes outwards) with the location CPython reports
    /// for it, in source order (CPython's `ste_directives`).
    pub directives: Vec<(String, Loc)>,
    index: HashMap<String, usize>,
}

impl Block {
    /// The symbol called `name`, if the block has one.
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.index.get(name).and_then(|&i| self.symbols.get(i))
    }

    /// The scope of `name` in this block, if the block has the name.
    pub fn scope_of(&self, name: &str) -> Option<Scope> {
        self.symbol(name).map(|s| s.scope)
    }

    /// The pass-1 flags of `name` (0 when the block does not have it).
    pub fn flags_of(&self, name: &str) -> u32 {
        self.symbol(name).map_or(0, |s| s.flags)
    }

    /// A new, empty block.
    fn new(name: &str, kind: BlockType, loc: Loc, parent: Option<ScopeId>, nested: bool) -> Block {
        Block {
            name: name.to_string(),
            kind,
            loc,
            symbols: Vec::new(),
            varnames: Vec::new(),
            children: Vec::new(),
            parent,
            nested,
            has_free: false,
            child_free: false,
            generator: false,
            varargs: false,
            varkeywords: false,
            needs_class_closure: false,
            comprehension: false,
            returns_value: false,
            directives: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// The flags of `name` OR-ed with `flag`, inserting the symbol (at the
    /// end, like a Python dict) when it is new. Returns the new flags.
    fn add_flags(&mut self, name: &str, flag: u32) -> u32 {
        match self.index.get(name) {
            Some(&i) => match self.symbols.get_mut(i) {
                Some(sym) => {
                    sym.flags |= flag;
                    sym.flags
                }
                None => flag,
            },
            None => {
                self.index.insert(name.to_string(), self.symbols.len());
                self.symbols.push(Symbol {
                    name: name.to_string(),
                    flags: flag,
                    scope: Scope::GlobalImplicit,
                });
                flag
            }
        }
    }

    /// The symbol called `name`, mutably.
    fn symbol_mut(&mut self, name: &str) -> Option<&mut Symbol> {
        match self.index.get(name) {
            Some(&i) => self.symbols.get_mut(i),
            None => None,
        }
    }
}

/// CPython's `_Py_Mangle`: inside class `class_name`, `__x` becomes
/// `_Class__x` (leading underscores of the class name stripped). Dunder
/// names (`__x__`), dotted names and names inside a class whose name is
/// only underscores are left alone.
pub fn mangle<'a>(class_name: Option<&str>, name: &'a str) -> Cow<'a, str> {
    let Some(private) = class_name else {
        return Cow::Borrowed(name);
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return Cow::Borrowed(name);
    }
    let stripped = private.trim_start_matches('_');
    if stripped.is_empty() {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("_{stripped}{name}"))
}

/// The analysed symbol table of one module.
#[derive(Clone, Debug, PartialEq)]
pub struct SymbolTable {
    /// All blocks; `blocks[0]` is the module.
    pub blocks: Vec<Block>,
    by_loc: HashMap<(u32, u32), ScopeId>,
}

impl SymbolTable {
    /// Runs both passes over `module`; the first SyntaxError wins, with
    /// CPython's text and location.
    ///
    /// The walk recurses once per nesting level (up to CPython's 3000, past
    /// which it reports `maximum recursion depth exceeded during
    /// compilation`), so it runs on a helper thread with a stack large
    /// enough for that whatever the caller's stack is.
    pub fn build(module: &Module) -> CompileResult<SymbolTable> {
        std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .name("py_fn symtable".into())
                .stack_size(WALK_STACK_BYTES)
                .spawn_scoped(scope, || Self::build_on_this_stack(module));
            match worker {
                Ok(handle) => match handle.join() {
                    Ok(result) => result,
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                Err(_) => Self::build_on_this_stack(module),
            }
        })
    }

    /// [`SymbolTable::build`] on the calling thread's stack.
    pub fn build_on_this_stack(module: &Module) -> CompileResult<SymbolTable> {
        let mut table = visit::build_pass1(module)?;
        analyze::analyze(&mut table.blocks)?;
        Ok(table)
    }

    /// The module block.
    pub fn top(&self) -> ScopeId {
        ScopeId(0)
    }

    /// The block `id`.
    ///
    /// Panics if `id` did not come from this table.
    pub fn block(&self, id: ScopeId) -> &Block {
        &self.blocks[id.0 as usize]
    }

    /// The block `id`, or `None` if `id` is not one of this table's.
    pub fn get(&self, id: ScopeId) -> Option<&Block> {
        self.blocks.get(id.0 as usize)
    }

    /// The children of block `id`, in source order.
    pub fn children(&self, id: ScopeId) -> &[ScopeId] {
        self.get(id).map_or(&[], |b| b.children.as_slice())
    }

    /// The block opened by the `def`/`class` statement, lambda or
    /// comprehension whose node starts at `loc` (line, col).
    pub fn lookup(&self, loc: Loc) -> Option<ScopeId> {
        self.by_loc.get(&(loc.line, loc.col)).copied()
    }
}
