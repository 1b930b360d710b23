//! The generator's state: the code-object tree, the native bodies written so
//! far, and one [`Frame`] per Python scope being translated, which knows
//! where each name lives (Rust local, own cell, closure cell or globals).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::names::{cell_ident, free_ident, local_ident};
use super::statics::CodeNode;
use crate::ast::Loc;
use crate::error::{CompileError, CompileResult, ErrorKind};
use crate::symtable::flags::{DEF_LOCAL, DEF_PARAM};
use crate::symtable::{Block, Scope, SymbolTable};

/// Where a name lives in the scope being translated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Module globals (`load_global` / `store_global` on `__g`).
    Global,
    /// A parameter that is a plain local: a Rust local of type `Value`.
    Param(Ident),
    /// A parameter that is never rebound: borrowed from the arguments, a
    /// Rust local of type `&Value` (no copy, no drop).
    Arg(Ident),
    /// A plain local: a Rust local of type `Option<Value>`.
    Local(Ident),
    /// A cell this function owns: a `CellRef` local.
    Cell(Ident),
    /// A closure cell (`&CellRef` taken from `__f.closure()`).
    Free(Ident),
    /// A name of a class body: the class namespace `__ns`, then the
    /// globals and builtins (`LOAD_NAME` / `STORE_NAME`).
    Name,
    /// A free variable of a class body: the namespace first, then the
    /// closure cell (`LOAD_CLASSDEREF`).
    ClassFree(Ident),
}

/// One Python scope being translated (the module, a `def` or a `lambda`).
pub struct Frame<'a> {
    /// The scope's symbol-table block.
    pub block: &'a Block,
    /// Index of the scope's code object in the generator's tree.
    pub code: usize,
    /// How many of the code object's nested code objects have been used.
    pub cursor: usize,
    /// True for module-level code (every name goes through the globals).
    pub module: bool,
    /// True for a class body (names go through its namespace `__ns`).
    pub class: bool,
    /// Parameter names, in `co_varnames` order.
    pub params: Vec<String>,
    /// Labels of the enclosing Python loops, innermost last.
    pub loops: Vec<super::stmt::LoopLabels>,
    /// Statements that drop the parameters and plain locals before a
    /// `return`, inline for values without a heap part.
    pub discards: Vec<TokenStream>,
    /// How many guarded-block closures (`try`) the code being written is
    /// inside: `return`, `break` and `continue` leave them as values.
    pub closures: usize,
}

impl Frame<'_> {
    /// `return Ok(value);`, dropping the parameters and plain locals first.
    pub fn return_tokens(&self, value: TokenStream) -> TokenStream {
        if self.discards.is_empty() {
            return quote!(return Ok(#value););
        }
        let discards = &self.discards;
        quote!({
            let __ret = #value;
            #(#discards)*
            return Ok(__ret);
        })
    }
}

impl<'a> Frame<'a> {
    /// Where `name` lives in this scope: one hash lookup in the block's
    /// symbols. A parameter is a name with the `DEF_PARAM` flag, the names
    /// the symbol table lists in `varnames` (= [`Frame::params`]).
    pub fn slot(&self, name: &str) -> Slot {
        if self.module {
            return Slot::Global;
        }
        if self.class {
            if name == "__class__" && self.block.needs_class_closure {
                return Slot::Cell(cell_ident(name));
            }
            return match self.block.symbol(name).map(|s| s.scope) {
                Some(Scope::GlobalExplicit) => Slot::Global,
                Some(Scope::Free) => Slot::ClassFree(free_ident(name)),
                Some(Scope::Cell) => Slot::Cell(cell_ident(name)),
                _ => Slot::Name,
            };
        }
        let Some(symbol) = self.block.symbol(name) else {
            return Slot::Global;
        };
        match symbol.scope {
            // A parameter never rebound is borrowed from the arguments.
            Scope::Local if symbol.flags & DEF_PARAM != 0 && symbol.flags & DEF_LOCAL == 0 => {
                Slot::Arg(local_ident(name))
            }
            Scope::Local if symbol.flags & DEF_PARAM != 0 => Slot::Param(local_ident(name)),
            Scope::Local => Slot::Local(local_ident(name)),
            Scope::Cell => Slot::Cell(cell_ident(name)),
            Scope::Free => Slot::Free(free_ident(name)),
            Scope::GlobalExplicit | Scope::GlobalImplicit => Slot::Global,
        }
    }
}

/// The back end's state while one module is translated.
pub struct Gen<'a> {
    /// The module's analysed scopes.
    pub symtable: &'a SymbolTable,
    /// Every code object of the module, pre-order.
    pub tree: Vec<CodeNode<'a>>,
    /// The native bodies (`fn __pyfn_body_<n>`) written so far.
    pub bodies: Vec<TokenStream>,
    /// Which functions have an int path (`int_spec`).
    pub int_plan: super::int_plan::IntPlan,
    /// The code objects whose int path has been written.
    pub int_written: std::collections::HashSet<usize>,
    /// The code objects that got a native body, in the order written.
    pub natives: Vec<usize>,
    /// Counter for temporaries (`__value_3`).
    tmp: u32,
}

impl<'a> Gen<'a> {
    /// A generator over `tree` (see `statics::code_tree`).
    pub fn new(symtable: &'a SymbolTable, tree: Vec<CodeNode<'a>>) -> Self {
        Gen {
            symtable,
            tree,
            bodies: Vec::new(),
            int_plan: Default::default(),
            int_written: Default::default(),
            natives: Vec::new(),
            tmp: 0,
        }
    }

    /// A fresh loop number.
    pub fn loop_id(&mut self) -> u32 {
        self.tmp += 1;
        self.tmp
    }

    /// A fresh temporary called `__<what>_<n>`.
    pub fn temp(&mut self, what: &str) -> Ident {
        self.tmp += 1;
        Ident::new(&format!("__{what}_{}", self.tmp), Span::call_site())
    }

    /// A fresh label `'__<what>_<n>`.
    pub fn label(&mut self, what: &str) -> TokenStream {
        self.tmp += 1;
        let mut label = TokenStream::new();
        label.extend([
            proc_macro2::TokenTree::Punct(proc_macro2::Punct::new(
                '\'',
                proc_macro2::Spacing::Joint,
            )),
            proc_macro2::TokenTree::Ident(Ident::new(
                &format!("__{what}_{}", self.tmp),
                Span::call_site(),
            )),
        ]);
        label
    }

    /// The next nested code object of `frame`'s code object, if it is the
    /// one of the `def`/`lambda` called `name` on line `line`. `None` means
    /// CPython dropped it as unreachable code.
    pub fn take_child(&self, frame: &mut Frame<'_>, name: &str, line: u32) -> Option<usize> {
        let node = self.tree.get(frame.code)?;
        let &index = node.children.get(frame.cursor)?;
        let child = self.tree.get(index)?;
        if child.code.name.as_ref() == name && child.code.firstlineno == line {
            frame.cursor += 1;
            Some(index)
        } else {
            None
        }
    }

    /// The tokens that read `name` (an `rt::Value` expression, `?` inside).
    pub fn load_name(&self, frame: &Frame<'_>, name: &str) -> TokenStream {
        match frame.slot(name) {
            Slot::Global => quote!(rt::load_global(__g, #name)?),
            Slot::Param(id) => quote!(__pyfn_clone(&#id)),
            Slot::Arg(id) => quote!(__pyfn_clone(#id)),
            Slot::Local(id) => quote!(match &#id {
                ::core::option::Option::Some(v) => __pyfn_clone(v),
                ::core::option::Option::None => return ::core::result::Result::Err(rt::unbound_local(#name)),
            }),
            Slot::Cell(id) => quote!(__pyfn_cell_load(&#id, #name, rt::DerefKind::Cell)?),
            Slot::Free(id) => quote!(__pyfn_cell_load(#id, #name, rt::DerefKind::Free)?),
            Slot::Name => quote!(rt::load_name(__ns, __g, #name)?),
            Slot::ClassFree(id) => quote!(rt::load_classderef(__ns, #id, #name)?),
        }
    }

    /// A `&rt::Value` expression reading `name` without copying it when it
    /// is a parameter or a plain local (borrowed where it lives: nothing in
    /// an expression of the subset can rebind a plain local while it is
    /// borrowed); `None` for names that live in cells or globals.
    pub fn name_ref(&self, frame: &Frame<'_>, name: &str) -> Option<TokenStream> {
        match frame.slot(name) {
            Slot::Param(id) => Some(quote!(&#id)),
            Slot::Arg(id) => Some(quote!(#id)),
            Slot::Local(id) => Some(quote!(match &#id {
                ::core::option::Option::Some(v) => v,
                ::core::option::Option::None => return ::core::result::Result::Err(rt::unbound_local(#name)),
            })),
            _ => None,
        }
    }

    /// The statement that binds `name` to `value` (an expression evaluated
    /// once, by this statement).
    pub fn store_name(&self, frame: &Frame<'_>, name: &str, value: TokenStream) -> TokenStream {
        match frame.slot(name) {
            Slot::Global => quote!(rt::store_global(__g, #name, #value);),
            Slot::Param(id) | Slot::Arg(id) => quote!(#id = #value;),
            Slot::Local(id) => quote!({
                let __value = #value;
                __pyfn_set(&mut #id, __value);
            }),
            Slot::Cell(id) => quote!(__pyfn_cell_store(&#id, #value);),
            Slot::Free(id) | Slot::ClassFree(id) => quote!(__pyfn_cell_store(#id, #value);),
            Slot::Name => quote!(rt::store_name(__ns, #name, #value)?;),
        }
    }

    /// The closure cell for `name` that a nested function captures: this
    /// frame's own cell, or the cell it received in its own closure.
    pub fn closure_cell(
        &self,
        frame: &Frame<'_>,
        name: &str,
        loc: Loc,
    ) -> CompileResult<TokenStream> {
        match frame.slot(name) {
            Slot::Cell(id) => Ok(quote!(#id.clone())),
            Slot::Free(id) | Slot::ClassFree(id) => Ok(quote!(#id.clone())),
            _ => Err(internal(
                &format!(
                    "free variable '{name}' is neither a cell nor free in the enclosing scope"
                ),
                loc,
            )),
        }
    }
}

/// An inconsistency between the AST, the symbol table and the code objects.
pub fn internal(what: &str, loc: Loc) -> CompileError {
    CompileError::new(
        ErrorKind::SyntaxError,
        format!("py_fn internal error: {what}"),
        loc,
    )
}
