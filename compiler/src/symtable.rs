//! CPython 3.11's symbol table (`Python/symtable.c`): pass 1 collects what
//! each block does with each name, pass 2 (`analyze_block`) decides scopes,
//! cells and free variables. See `CPYTHON_SCOPES.md` steps 1–13.
//!
//! Blocks live in an arena ([`SymbolTable::blocks`]) addressed by
//! [`ScopeId`]; block 0 is the module.

use std::collections::HashMap;

use crate::ast::{Loc, Module};
use crate::error::CompileResult;

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
    index: HashMap<String, usize>,
}

impl Block {
    /// The symbol called `name`, if the block has one.
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.index.get(name).map(|&i| &self.symbols[i])
    }

    /// The scope of `name` in this block, if the block has the name.
    pub fn scope_of(&self, name: &str) -> Option<Scope> {
        self.symbol(name).map(|s| s.scope)
    }
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
    pub fn build(module: &Module) -> CompileResult<SymbolTable> {
        let _ = module;
        unimplemented!("symbol table")
    }

    /// The module block.
    pub fn top(&self) -> ScopeId {
        ScopeId(0)
    }

    /// The block `id`.
    pub fn block(&self, id: ScopeId) -> &Block {
        &self.blocks[id.0 as usize]
    }

    /// The block opened by the `def`/`class` statement, lambda or
    /// comprehension whose node starts at `loc` (line, col).
    pub fn lookup(&self, loc: Loc) -> Option<ScopeId> {
        self.by_loc.get(&(loc.line, loc.col)).copied()
    }
}
