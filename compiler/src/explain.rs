//! The teaching view behind `pyfn explain`: for every code object of a
//! module, its cells, which nested functions see each cell as a free
//! variable (through any depth, pass-through free variables included), the
//! order of `__closure__`, and a table of every name with its Python scope,
//! the opcodes that touch it and its Rust representation in the code the
//! native back end (`rustgen`) writes.
//!
//! The data model ([`Explanation`]) is built from a [`CodeData`] tree alone
//! ([`Explanation::from_code`]): `co_varnames`, `co_cellvars`,
//! `co_freevars`, `co_names` and the instructions that touch each name. When
//! the symbol table is at hand it also decides explicit versus implicit
//! globals, which a code object cannot always tell. Renderers: plain text
//! ([`render_text`], which can show live cell contents supplied by the
//! caller, so the runtime can reuse it) and Graphviz ([`render_dot`]).

use py_fn_bytecode::{CodeData, Opcode};

use crate::error::CompileResult;
use crate::rustgen::RustgenOptions;
use crate::symtable::SymbolTable;

mod blocks;
mod build;
mod dot;
mod text;

pub use dot::render_dot;
pub use text::{render_text, LiveCells};

/// Everything `pyfn explain` shows for one module (or one code object).
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// Every code object, pre-order in `co_consts` order (the root first).
    pub functions: Vec<FunctionView>,
    /// True when scopes came from the symbol table, false when they were
    /// read off the code objects alone.
    pub from_symtable: bool,
    /// Whether the native back end translates this module.
    pub rust_backend: RustBackend,
}

/// Whether `rustgen` translates the module the explanation describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustBackend {
    /// It does: the Rust column describes the generated code.
    Translated,
    /// It does not yet; the message names the first construct it rejects.
    /// The Rust column then describes how it represents each kind of name.
    NotTranslated(String),
    /// Not checked (the explanation was built from code objects only).
    Unknown,
}

/// What kind of code a code object holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    /// Module code (`<module>`).
    Module,
    /// A `def`.
    Function,
    /// A `lambda`.
    Lambda,
    /// A comprehension or generator expression (`<listcomp>`, ...).
    Comprehension,
    /// A class body.
    Class,
}

/// One code object: its name layout, closure and names.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionView {
    /// `co_name`.
    pub name: String,
    /// `co_qualname`.
    pub qualname: String,
    /// `co_firstlineno`.
    pub firstlineno: u32,
    /// Module, function, lambda, comprehension or class body.
    pub kind: CodeKind,
    /// True when this code object runs on the bytecode interpreter (the
    /// native back end does not lower it): its names are not Rust items.
    pub interpreted: bool,
    /// `co_flags` has `GENERATOR` (or a coroutine flag).
    pub generator: bool,
    /// Index of the code object whose `co_consts` holds this one.
    pub parent: Option<usize>,
    /// Indexes of the code objects in this one's `co_consts`, in order.
    pub children: Vec<usize>,
    /// The parameters (the first names of `co_varnames`).
    pub params: Vec<String>,
    /// `co_varnames`.
    pub varnames: Vec<String>,
    /// `co_cellvars`.
    pub cellvars: Vec<String>,
    /// `co_freevars`.
    pub freevars: Vec<String>,
    /// `__closure__`, one slot per name of `co_freevars`, in that order.
    pub closure: Vec<ClosureSlot>,
    /// One entry per name of `co_cellvars`: who sees the cell.
    pub cells: Vec<CellView>,
    /// Every name the code object touches: locals, cells and free
    /// variables in fast-locals order, then `co_names` order.
    pub names: Vec<NameView>,
}

/// One slot of a function's `__closure__`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosureSlot {
    /// The slot's position in `__closure__` (and `co_freevars`).
    pub index: usize,
    /// The free variable's name.
    pub name: String,
    /// The code object whose `co_cellvars` holds the cell (`None` when it
    /// is outside the explained tree).
    pub owner: Option<usize>,
    /// Functions between the owner and this one that hold the cell only as
    /// a free variable and pass it on, outermost first.
    pub via: Vec<usize>,
    /// This function itself only passes the cell on to nested functions
    /// (its only opcodes for it are `COPY_FREE_VARS` and `LOAD_CLOSURE`).
    pub pass_through: bool,
}

/// One cell a code object owns (a name of `co_cellvars`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellView {
    /// The name.
    pub name: String,
    /// The cell holds a parameter.
    pub param: bool,
    /// Every nested function (any depth) that has this cell in its
    /// `__closure__`, in pre-order.
    pub seen_by: Vec<CellUse>,
}

/// A nested function that sees a cell as a free variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellUse {
    /// The function (index in [`Explanation::functions`]).
    pub function: usize,
    /// Its `__closure__` slot for the cell.
    pub slot: usize,
    /// Functions that pass the cell on between owner and user.
    pub via: Vec<usize>,
}

/// Python's view of a name in one code object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    /// A fast local (`*_FAST`).
    Local,
    /// A local stored in a cell because nested code uses it.
    Cell,
    /// A cell of an enclosing function, reached through `__closure__`.
    Free,
    /// Declared `global` in this function.
    GlobalExplicit,
    /// Not bound in the function: a module global or a builtin.
    GlobalImplicit,
    /// A global, explicit or implicit unknown (code object only, read but
    /// never stored).
    Global,
    /// Looked up by name in the module or class namespace (`*_NAME`).
    Namespace,
    /// Not a variable: an attribute name (`LOAD_ATTR`, `LOAD_METHOD`, ...).
    Attribute,
    /// Not a variable: a module name of `IMPORT_NAME`.
    Import,
}

/// How the generated Rust holds a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustRepr {
    /// A parameter that is a plain local: a Rust local `ident: rt::Value`,
    /// or `ident: &rt::Value` borrowed from the arguments when the
    /// function never rebinds it.
    Param {
        /// The Rust identifier.
        ident: String,
        /// Never rebound: borrowed from the arguments.
        borrowed: bool,
    },
    /// A plain local: a Rust local `ident: Option<rt::Value>`.
    Local {
        /// The Rust identifier.
        ident: String,
    },
    /// A cell the function owns: `ident: rt::CellRef`, a new
    /// `Rc<RefCell<Option<Value>>>` per call.
    Cell {
        /// The Rust identifier (`__cell_x`).
        ident: String,
    },
    /// A closure cell: `ident` bound to slot `index` of `__f.closure()`.
    ClosureSlot {
        /// The Rust identifier (`__free_x`).
        ident: String,
        /// The slot.
        index: usize,
    },
    /// The module's globals table (`rt::load_global` / `rt::store_global`).
    Globals,
    /// A class body's namespace, then the globals and builtins
    /// (`rt::load_name` / `rt::store_name`).
    ClassNamespace,
    /// An attribute: `rt::getattr`, `rt::setattr` or `rt::call_method`.
    Attribute,
    /// The native back end does not translate this code object's kind.
    NotGenerated,
}

/// One row of a function's name table.
#[derive(Clone, Debug, PartialEq)]
pub struct NameView {
    /// The name.
    pub name: String,
    /// Its Python scope in this code object.
    pub scope: NameScope,
    /// It is a parameter.
    pub param: bool,
    /// The distinct opcodes that touch it, in bytecode order.
    pub opcodes: Vec<Opcode>,
    /// Its representation in the generated Rust.
    pub rust: RustRepr,
}

impl Explanation {
    /// The explanation of `code` and every code object nested in it.
    /// `symtable` (the module's, when `code` is a module) settles explicit
    /// versus implicit globals; without it scopes come from the code
    /// objects alone.
    pub fn from_code(code: &CodeData, symtable: Option<&SymbolTable>) -> Explanation {
        build::explain_code(code, symtable)
    }

    /// Marks every code object whose index is not in `native` (pre-order
    /// indices of the code objects the native back end lowers) as run by
    /// the interpreter, its names as not generated.
    pub fn mark_interpreted(&mut self, native: &[usize]) {
        for (i, f) in self.functions.iter_mut().enumerate() {
            f.interpreted = native.binary_search(&i).is_err();
            if f.interpreted {
                for n in &mut f.names {
                    n.rust = RustRepr::NotGenerated;
                }
            }
        }
    }

    /// The code object whose `co_qualname` is `qualname` (the first one,
    /// pre-order).
    pub fn function(&self, qualname: &str) -> Option<&FunctionView> {
        self.functions.iter().find(|f| f.qualname == qualname)
    }

    /// The text `pyfn explain` prints (no live cell contents).
    pub fn to_text(&self) -> String {
        render_text(self, None)
    }

    /// The Graphviz text `pyfn explain --dot` prints.
    pub fn to_dot(&self) -> String {
        render_dot(self)
    }
}

impl FunctionView {
    /// The variable row for `name` (attribute and import rows excluded).
    pub fn name(&self, name: &str) -> Option<&NameView> {
        self.names.iter().find(|n| {
            n.name == name && !matches!(n.scope, NameScope::Attribute | NameScope::Import)
        })
    }

    /// The cell this code object owns for `name`.
    pub fn cell(&self, name: &str) -> Option<&CellView> {
        self.cells.iter().find(|c| c.name == name)
    }
}

/// Compiles `source` (as [`crate::compile`] does) and explains the module,
/// with scopes from its symbol table, noting whether the native back end
/// translates it.
pub fn explain_source(source: &str, filename: &str) -> CompileResult<Explanation> {
    let module = crate::parse(source)?;
    let symtable = SymbolTable::build(&module)?;
    let code = crate::codegen::compile_module(&module, &symtable, filename)?;
    let mut explanation = Explanation::from_code(&code, Some(&symtable));
    let opts = RustgenOptions::default();
    explanation.rust_backend = match crate::rustgen::lower(&module, &symtable, &code, &opts) {
        Ok((_, native)) => {
            explanation.mark_interpreted(&native);
            RustBackend::Translated
        }
        Err(e) => RustBackend::NotTranslated(format!("line {}: {}", e.line, e.msg)),
    };
    Ok(explanation)
}
