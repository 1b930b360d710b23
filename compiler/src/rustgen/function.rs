//! `def` and `lambda`: the function object built where the definition runs
//! (`rt::make_function` with defaults evaluated in the enclosing scope and
//! the closure taken from `co_freevars`), and the native body
//! `fn __pyfn_body_<n>` with its locals, cells and closure cells.

use std::collections::HashSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::check::{param_names, unit_unsupported, UnitBody};
use super::frame::{internal, Frame, Gen, Slot};
use super::names::local_ident;
use super::units::UnitAst;
use crate::ast::{Arguments, Expr, Loc, Stmt, StmtKind};
use crate::error::CompileResult;
use crate::symtable::{Block, Scope, ScopeId};

/// The most parameters and plain locals that each `return` drops inline
/// (`__pyfn_discard`); a function with more lets Rust drop them when it
/// returns, so that its size stays linear in its number of `return`s.
const MAX_INLINE_DISCARDS: usize = 64;

/// What a function runs: a `def`'s statements or a `lambda`'s expression.
#[derive(Clone, Copy, Debug)]
pub enum Body<'b> {
    /// The statements of a `def`.
    Def(&'b [Stmt]),
    /// The expression of a `lambda`.
    Lambda(&'b Expr),
    /// A list, set or dict comprehension (its own code object).
    Comprehension(&'b Expr),
    /// A class body: its statements, run in the namespace `args[0]`.
    Class(&'b [Stmt]),
}

/// The name of the native body of code object `n`.
pub fn body_ident(n: usize) -> Ident {
    Ident::new(&format!("__pyfn_body_{n}"), Span::call_site())
}

impl<'a> Gen<'a> {
    /// The function object a `def` or `lambda` makes when it runs in
    /// `frame` (an `rt::Value` expression). Writes its native body.
    pub fn function_value(
        &mut self,
        frame: &mut Frame<'a>,
        name: &str,
        loc: Loc,
        first_line: u32,
        args: &Arguments,
        body: Body<'_>,
    ) -> CompileResult<TokenStream> {
        // Defaults run first, in the enclosing scope (CPython's
        // compiler_default_arguments): positional, then keyword-only.
        let mut defaults = Vec::new();
        for d in &args.defaults {
            defaults.push(self.expr(frame, d)?);
        }
        let mut kwdefaults = Vec::new();
        for (arg, d) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
            if let Some(d) = d {
                let key = arg.name.as_str();
                let v = self.expr(frame, d)?;
                kwdefaults.push(quote!((rt::Value::str_static(#key), #v)));
            }
        }
        let Some(child) = self.take_child(frame, name, first_line) else {
            // CPython dropped this definition as unreachable code.
            return Ok(quote!(rt::Value::None));
        };
        let Some(scope) = self.symtable.lookup(loc) else {
            return Err(internal(
                &format!("no symbol-table block for '{name}'"),
                loc,
            ));
        };
        let block = self.symtable.block(scope);
        let params = param_names(args);
        let (unit, ast) = match body {
            Body::Def(stmts) => (UnitBody::Stmts(stmts, &params), UnitAst::Stmts(stmts)),
            Body::Lambda(e) | Body::Comprehension(e) => (UnitBody::Expr(e), UnitAst::Lambda(e)),
            Body::Class(stmts) => (UnitBody::Stmts(stmts, &[]), UnitAst::Stmts(stmts)),
        };
        let native = unit_unsupported(unit).is_none();
        if native {
            self.function_body(child, scope, block, body, loc)?;
        } else {
            self.vm_unit(child, ast)?;
        }

        let Some(node) = self.tree.get(child) else {
            return Err(internal("code object index out of range", loc));
        };
        let code_ident = node.ident.clone();
        let mut closure = Vec::new();
        for free in node.code.freevars.iter() {
            closure.push(self.closure_cell(frame, free, loc)?);
        }
        let body_fn = if native {
            let ident = body_ident(child);
            quote!(#ident)
        } else {
            quote!(rt::vm_body)
        };
        let defaults = match defaults.as_slice() {
            [] => quote!(None),
            // One default stays in the function object (no tuple yet).
            [one] => quote!(rt::Defaults::One(#one)),
            _ => {
                let tuple = super::expr::tuple_tokens(&defaults);
                quote!(Some(#tuple))
            }
        };
        let kwdefaults = if kwdefaults.is_empty() {
            quote!(None)
        } else {
            quote!(Some(rt::dict(vec![#(#kwdefaults),*])?))
        };
        // The cells as an array: up to two stay inside the function object.
        let closure = if closure.is_empty() {
            quote!(rt::ClosureCells::from([] as [rt::CellRef; 0]))
        } else {
            quote!([#(#closure),*])
        };
        Ok(quote!(rt::make_function(
            &#code_ident,
            #body_fn,
            __g,
            #closure,
            #defaults,
            #kwdefaults,
        )))
    }

    /// Writes `fn __pyfn_body_<code>` for the function whose block is
    /// `block`, and lists it among the module's native bodies.
    pub(super) fn function_body(
        &mut self,
        code: usize,
        scope: ScopeId,
        block: &'a Block,
        body: Body<'_>,
        loc: Loc,
    ) -> CompileResult<()> {
        let Some(node) = self.tree.get(code) else {
            return Err(internal("code object index out of range", loc));
        };
        let data = node.code;
        let mut frame = Frame {
            block,
            code,
            cursor: 0,
            module: false,
            class: matches!(body, Body::Class(..)),
            params: block.varnames.clone(),
            loops: Vec::new(),
            discards: Vec::new(),
            closures: 0,
        };
        let mut prologue = vec![quote!(let __g: &rt::Globals = __f.globals();)];
        if frame.class {
            // A class body gets its namespace as its only argument.
            prologue.push(quote! {
                let [__ns] = __args else {
                    return ::core::result::Result::Err(rt::PyErr::new(
                        rt::ExcType::SystemError,
                        "a class body needs its namespace",
                    ));
                };
            });
        }

        // Closure cells, in co_freevars order.
        if !data.freevars.is_empty() {
            let idents: Vec<Ident> = data
                .freevars
                .iter()
                .map(|n| super::names::free_ident(n))
                .collect();
            let first = data.freevars.first().map(|s| s.as_ref()).unwrap_or("");
            prologue.push(quote! {
                let [#(#idents),*] = __f.closure() else {
                    return rt::cell_load(&rt::new_cell(), #first, rt::DerefKind::Free);
                };
            });
        }

        // The int path, tried first when every argument is an `int`.
        if let Some(path) = self.int_path(code, scope, block, body) {
            prologue.push(path.entry);
            self.bodies.push(path.item);
            self.int_written.insert(code);
        }

        // Parameters, in co_varnames order.
        if !frame.params.is_empty() {
            let pats: Vec<Ident> = frame.params.iter().map(|p| local_ident(p)).collect();
            let first = frame.params.first().map(String::as_str).unwrap_or("");
            prologue.push(quote! {
                let [#(#pats),*] = __args else {
                    return Err(rt::unbound_local(#first));
                };
            });
            for (param, pat) in frame.params.iter().zip(&pats) {
                match frame.slot(param) {
                    // Borrowed from `__args` by the pattern above.
                    Slot::Arg(_) => {}
                    Slot::Param(id) => {
                        prologue.push(quote!(let mut #id: rt::Value = __pyfn_clone(#pat);));
                        frame.discards.push(quote!(__pyfn_discard(#id);));
                    }
                    Slot::Cell(id) => prologue.push(quote! {
                        let #id: rt::CellRef = rt::new_cell();
                        rt::cell_store(&#id, __pyfn_clone(#pat));
                    }),
                    _ => {
                        return Err(internal(
                            &format!("parameter '{param}' is neither local nor a cell"),
                            loc,
                        ))
                    }
                }
            }
        }

        // Plain locals (co_varnames order first) and cells (co_cellvars order first).
        let mut locals: Vec<&str> = Vec::new();
        let mut cells: Vec<&str> = Vec::new();
        let mut seen: HashSet<&str> = frame.params.iter().map(String::as_str).collect();
        let ordered = data
            .varnames
            .iter()
            .chain(data.cellvars.iter())
            .map(|s| s.as_ref())
            .chain(block.symbols.iter().map(|s| s.name.as_str()));
        for name in ordered {
            match block.scope_of(name) {
                Some(Scope::Local) if seen.insert(name) => locals.push(name),
                Some(Scope::Cell) if seen.insert(name) => cells.push(name),
                _ => {}
            }
        }
        for name in locals {
            let id = local_ident(name);
            prologue.push(quote!(let mut #id: Option<rt::Value> = None;));
            frame.discards.push(quote!(__pyfn_discard_opt(#id);));
        }
        if frame.discards.len() > MAX_INLINE_DISCARDS {
            // Each `return` would repeat them all: let Rust drop the values.
            frame.discards.clear();
        }
        if frame.class && block.needs_class_closure {
            // The implicit `__class__` cell of a class whose methods use
            // `super()` or `__class__` (not a symbol of the class block).
            cells.push("__class__");
        }
        for name in cells {
            let id = super::names::cell_ident(name);
            prologue.push(quote!(let #id: rt::CellRef = rt::new_cell();));
        }

        let statements = match body {
            Body::Def(stmts) => {
                let code = self.block(&mut frame, stmts)?;
                let ends_in_return =
                    matches!(stmts.last().map(|s| &s.kind), Some(StmtKind::Return(_)));
                if ends_in_return {
                    code
                } else {
                    let ret = frame.return_tokens(quote!(rt::Value::None));
                    quote!(#code #ret)
                }
            }
            Body::Lambda(e) => {
                let v = self.expr(&mut frame, e)?;
                frame.return_tokens(v)
            }
            Body::Comprehension(e) => self.comprehension_body(&mut frame, e)?,
            Body::Class(stmts) => self.class_body(&mut frame, stmts)?,
        };
        let ident = body_ident(code);
        self.natives.push(code);
        let doc = format!("The native body of `{}`.", data.qualname);
        self.bodies.push(quote! {
            #[doc = #doc]
            fn #ident(__f: &rt::Function, __args: &[rt::Value]) -> rt::PyResult<rt::Value> {
                #(#prologue)*
                #statements
            }
        });
        Ok(())
    }
}
