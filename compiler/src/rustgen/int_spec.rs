//! The int path: a second native body, `fn __pyfn_int_<n>`, for functions
//! that only compute with `int`s.
//!
//! When every argument of a call is an `int`, the generic body first runs
//! `__pyfn_int_<n>(__f, budget, a, b, ...) -> Option<i64>`: parameters and
//! locals are `i64`s, arithmetic is checked, free variables are read from
//! their cells, and calls to other functions with an int path (recursion
//! through the enclosing scope, `fib(m - 1)`) go straight to their int path
//! after checking the callee's code object, with no `Value`, no
//! reference-count traffic and no runtime dispatch. The int path has no side
//! effect: it only reads cells and globals and never stores outside its own
//! locals. So whenever it meets anything else — an overflow, a cell holding
//! a non-`int`, a callee rebound to another function, an unbound local, a
//! zero divisor, the recursion limit (`budget`), falling off the end — it
//! returns `None` and the generic body runs the call from the start, with
//! CPython's semantics, errors and big integers. Its result, when it has
//! one, is the one the generic body would have returned.

use std::collections::HashSet;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::frame::Gen;
use super::function::Body;
use super::int_plan::{self, int_cmp, int_operator};
use super::names::{free_ident, local_ident};
use crate::ast::{BoolOp, CmpOp, Constant, Expr, ExprKind, Operator, Stmt, StmtKind, UnaryOp};
use crate::symtable::{Block, Scope, ScopeId};
use py_fn_bytecode::code::flags;

/// The name of the int path of code object `n`.
pub fn int_ident(n: usize) -> Ident {
    Ident::new(&format!("__pyfn_int_{n}"), Span::call_site())
}

/// What the translation of one body needs to know.
struct Cx<'g, 'a> {
    gen: &'g Gen<'a>,
    /// The code object whose int path this is.
    code: usize,
    scope: ScopeId,
    block: &'a Block,
    params: HashSet<&'a str>,
    locals: HashSet<&'a str>,
    /// The name `__me` is about (see `Gen::int_path`).
    self_name: Option<&'g str>,
}

/// The int path of a function: its `fn` item and the statements the
/// generic body starts with to try it.
pub struct IntPath {
    /// `fn __pyfn_int_<n>(...) -> Option<i64>`.
    pub item: TokenStream,
    /// `if let [Int(a), ...] = __args { ... }`.
    pub entry: TokenStream,
}

impl<'a> Gen<'a> {
    /// The int path of code object `code` (block `scope`), or `None` when
    /// its body has something the int path does not translate.
    pub fn int_path(
        &self,
        code: usize,
        scope: ScopeId,
        block: &'a Block,
        body: Body<'_>,
    ) -> Option<IntPath> {
        let data = self.tree.get(code)?.code;
        if data.kwonlyargcount != 0
            || data.flags & (flags::VARARGS | flags::VARKEYWORDS | flags::GENERATOR) != 0
            || !data.cellvars.is_empty()
        {
            return None;
        }
        let argcount = data.argcount as usize;
        let params: Vec<&'a str> = block
            .varnames
            .get(..argcount)?
            .iter()
            .map(String::as_str)
            .collect();
        let mut uses = int_plan::Uses::default();
        let pure = match body {
            Body::Def(stmts) => int_plan::body_is_int_pure(stmts, &mut uses),
            Body::Lambda(e) => int_plan::expr_is_int_pure(e, &mut uses),
            Body::Comprehension(_) | Body::Class(_) => false,
        };
        if !pure {
            return None;
        }
        // The first name through which the function calls itself: `__me`
        // says that name holds `__f`, so the call needs no cell read.
        let self_name = uses.calls.iter().map(|(n, _)| n.as_str()).find(|n| {
            self.int_plan
                .target(self.symtable, scope, n)
                .and_then(|(key, _)| self.int_plan.node(key))
                == Some(code)
        });
        let cx = Cx {
            gen: self,
            code,
            scope,
            block,
            params: params.iter().copied().collect(),
            locals: int_plan::locals(block),
            self_name,
        };
        let statements = match body {
            Body::Def(stmts) => {
                let code = cx.stmts(stmts)?;
                quote!(#code ::core::option::Option::None)
            }
            Body::Lambda(e) => {
                let v = cx.expr(e)?;
                quote!(::core::option::Option::Some(#v))
            }
            Body::Comprehension(_) | Body::Class(_) => return None,
        };

        let ident = int_ident(code);
        let pids: Vec<Ident> = params.iter().map(|p| local_ident(p)).collect();
        let mut prologue = vec![quote!(let __g: &rt::Globals = __f.globals();)];
        if !data.freevars.is_empty() {
            let free: Vec<Ident> = data.freevars.iter().map(|n| free_ident(n)).collect();
            prologue.push(quote! {
                let [#(#free),*] = __f.closure() else {
                    return ::core::option::Option::None;
                };
            });
        }
        let mut locals: Vec<&str> = cx
            .locals
            .iter()
            .copied()
            .filter(|n| !cx.params.contains(n))
            .collect();
        locals.sort_unstable();
        for name in locals {
            let id = local_ident(name);
            prologue.push(
                quote!(let mut #id: ::core::option::Option<i64> = ::core::option::Option::None;),
            );
        }
        let doc = format!(
            "The int path of `{}`: `None` sends the call to the generic body.",
            data.qualname
        );
        let item = quote! {
            #[doc = #doc]
            fn #ident(__f: &rt::Function, __budget: u32, __me: bool, #(mut #pids: i64),*) -> ::core::option::Option<i64> {
                #(#prologue)*
                #statements
            }
        };
        let ints: Vec<Ident> = (0..params.len())
            .map(|i| Ident::new(&format!("__int_{i}"), Span::call_site()))
            .collect();
        // A body without calls never reads its budget.
        let budget = if uses.calls.is_empty() {
            quote!(0)
        } else {
            quote!(rt::depth_budget())
        };
        let entry = quote! {
            if let [#(rt::Value::Int(#ints)),*] = __args {
                if let ::core::option::Option::Some(__r) = #ident(__f, #budget, false, #(*#ints),*) {
                    return ::core::result::Result::Ok(rt::Value::Int(__r));
                }
            }
        };
        Some(IntPath { item, entry })
    }

    /// An int path that always gives up: written for a call target whose
    /// translation failed, so that its callers still compile.
    pub fn int_path_stub(&self, code: usize, arity: usize) -> TokenStream {
        let ident = int_ident(code);
        let pids: Vec<Ident> = (0..arity)
            .map(|i| Ident::new(&format!("__p{i}"), Span::call_site()))
            .collect();
        quote! {
            fn #ident(__f: &rt::Function, __budget: u32, __me: bool, #(#pids: i64),*) -> ::core::option::Option<i64> {
                ::core::option::Option::None
            }
        }
    }
}

impl Cx<'_, '_> {
    fn stmts(&self, body: &[Stmt]) -> Option<TokenStream> {
        let mut out = TokenStream::new();
        for s in body {
            out.extend(self.stmt(s)?);
        }
        Some(out)
    }

    fn stmt(&self, s: &Stmt) -> Option<TokenStream> {
        Some(match &s.kind {
            StmtKind::Return(Some(e)) => {
                let v = self.expr(e)?;
                quote!(return ::core::option::Option::Some(#v);)
            }
            StmtKind::Return(None) => quote!(return ::core::option::Option::None;),
            StmtKind::Pass | StmtKind::Expr(_) => TokenStream::new(),
            StmtKind::Break => quote!(break;),
            StmtKind::Continue => quote!(continue;),
            StmtKind::If { test, body, orelse } => {
                let t = self.test(test)?;
                let b = self.stmts(body)?;
                let o = self.stmts(orelse)?;
                quote!(if #t { #b } else { #o })
            }
            StmtKind::While { test, body, .. } => {
                let t = self.test(test)?;
                let b = self.stmts(body)?;
                quote!(while #t { #b })
            }
            StmtKind::Assign { targets, value } => {
                let v = self.expr(value)?;
                let stores = targets
                    .iter()
                    .map(|t| self.store(t, quote!(__v)))
                    .collect::<Option<Vec<_>>>()?;
                quote!({ let __v: i64 = #v; #(#stores)* })
            }
            StmtKind::AugAssign { target, op, value } => {
                let old = self.expr(target)?;
                let v = self.expr(value)?;
                let new = binop(*op, old, v)?;
                let store = self.store(target, quote!(__v))?;
                quote!({ let __v: i64 = #new; #store })
            }
            _ => return None,
        })
    }

    /// `name = value` for a parameter or plain local.
    fn store(&self, target: &Expr, value: TokenStream) -> Option<TokenStream> {
        let ExprKind::Name { id, .. } = &target.kind else {
            return None;
        };
        let ident = local_ident(id);
        if self.params.contains(id.as_str()) {
            Some(quote!(#ident = #value;))
        } else if self.locals.contains(id.as_str()) {
            Some(quote!(#ident = ::core::option::Option::Some(#value);))
        } else {
            None
        }
    }

    /// `e` as an `i64` expression (`?` gives up).
    fn expr(&self, e: &Expr) -> Option<TokenStream> {
        Some(match &e.kind {
            ExprKind::Constant(Constant::Int(i)) => {
                let v = Literal::i64_suffixed(i64::try_from(i).ok()?);
                quote!((#v))
            }
            ExprKind::Name { id, .. } => self.load(id)?,
            ExprKind::BinOp { left, op, right } => binop(*op, self.expr(left)?, self.expr(right)?)?,
            ExprKind::UnaryOp { op, operand } => {
                let a = self.expr(operand)?;
                match op {
                    UnaryOp::USub => quote!((#a).checked_neg()?),
                    UnaryOp::UAdd => a,
                    UnaryOp::Invert => quote!((!(#a))),
                    UnaryOp::Not => return None,
                }
            }
            ExprKind::IfExp { test, body, orelse } => {
                let t = self.test(test)?;
                let b = self.expr(body)?;
                let o = self.expr(orelse)?;
                quote!((if #t { #b } else { #o }))
            }
            ExprKind::BoolOp { op, values } => {
                let (last, rest) = values.split_last()?;
                let mut acc = self.expr(last)?;
                let keep = if *op == BoolOp::And {
                    quote!(__v == 0)
                } else {
                    quote!(__v != 0)
                };
                for v in rest.iter().rev() {
                    let v = self.expr(v)?;
                    acc = quote!({ let __v: i64 = #v; if #keep { __v } else { #acc } });
                }
                acc
            }
            ExprKind::Call { func, args, .. } => self.call(func, args)?,
            _ => return None,
        })
    }

    /// A name read as an `i64`.
    fn load(&self, id: &str) -> Option<TokenStream> {
        Some(match self.block.scope_of(id)? {
            Scope::Local if self.params.contains(id) => {
                let ident = local_ident(id);
                quote!(#ident)
            }
            Scope::Local => {
                let ident = local_ident(id);
                quote!(#ident?)
            }
            Scope::Free => {
                let ident = free_ident(id);
                quote!(__pyfn_cell_int(#ident)?)
            }
            Scope::GlobalImplicit | Scope::GlobalExplicit => quote!(__pyfn_global_int(__g, #id)?),
            Scope::Cell => return None,
        })
    }

    /// `name(args)` straight into the callee's int path.
    fn call(&self, func: &Expr, args: &[Expr]) -> Option<TokenStream> {
        let ExprKind::Name { id, .. } = &func.kind else {
            return None;
        };
        let gen = self.gen;
        let (key, arity) = gen.int_plan.target(gen.symtable, self.scope, id)?;
        if arity != args.len() {
            return None;
        }
        let node = gen.int_plan.node(key)?;
        let code_static = &gen.tree.get(node)?.ident;
        let callee_int = int_ident(node);
        let values = args
            .iter()
            .map(|a| self.expr(a))
            .collect::<Option<Vec<_>>>()?;
        let temps: Vec<Ident> = (0..values.len())
            .map(|i| Ident::new(&format!("__a{i}"), Span::call_site()))
            .collect();
        let fetch = match self.block.scope_of(id)? {
            Scope::Free => {
                let cell = free_ident(id);
                quote! {
                    let __slot = #cell.try_borrow().ok()?;
                    let ::core::option::Option::Some(rt::Value::Function(__callee)) = &*__slot else {
                        return ::core::option::Option::None;
                    };
                }
            }
            Scope::GlobalImplicit | Scope::GlobalExplicit => quote! {
                let __slot = rt::load_global(__g, #id).ok()?;
                let rt::Value::Function(__callee) = &__slot else {
                    return ::core::option::Option::None;
                };
            },
            _ => return None,
        };
        let general = quote! {
            #fetch
            if !::core::ptr::eq(__callee.code_data(), &#code_static) {
                return ::core::option::Option::None;
            }
        };
        let call = if node == self.code && self.self_name == Some(id.as_str()) {
            // The callee is this very function when `__me` says so, and
            // then again inside it: the cell is read once per chain.
            quote! {
                if __me {
                    #callee_int(__f, __budget - 1, true, #(#temps),*)?
                } else {
                    #general
                    let __same = ::core::ptr::eq::<rt::Function>(&**__callee, __f);
                    #callee_int(__callee, __budget - 1, __same, #(#temps),*)?
                }
            }
        } else {
            quote! {
                #general
                #callee_int(__callee, __budget - 1, false, #(#temps),*)?
            }
        };
        Some(quote!({
            #(let #temps: i64 = #values;)*
            if __budget == 0 {
                return ::core::option::Option::None;
            }
            #call
        }))
    }

    /// `e` as a Rust `bool` (the test of `if`, `while`, `x if t else y`).
    fn test(&self, e: &Expr) -> Option<TokenStream> {
        Some(match &e.kind {
            ExprKind::Constant(Constant::Bool(b)) => quote!(#b),
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                if let ([op], [right]) = (ops.as_slice(), comparators.as_slice()) {
                    let op = cmp_token(*op)?;
                    let l = self.expr(left)?;
                    let r = self.expr(right)?;
                    return Some(quote!(((#l) #op (#r))));
                }
                let temps: Vec<Ident> = (0..=ops.len())
                    .map(|i| Ident::new(&format!("__c{i}"), Span::call_site()))
                    .collect();
                let mut acc = quote!(true);
                for (i, (op, c)) in ops.iter().zip(comparators).enumerate().rev() {
                    let prev = temps.get(i)?;
                    let cur = temps.get(i + 1)?;
                    let op = cmp_token(*op)?;
                    let v = self.expr(c)?;
                    acc = quote!({ let #cur: i64 = #v; (#prev #op #cur) && #acc });
                }
                let first = temps.first()?;
                let l = self.expr(left)?;
                quote!({ let #first: i64 = #l; #acc })
            }
            ExprKind::BoolOp { op, values } => {
                let tests = values
                    .iter()
                    .map(|v| self.test(v))
                    .collect::<Option<Vec<_>>>()?;
                if *op == BoolOp::And {
                    quote!((#(#tests)&&*))
                } else {
                    quote!((#(#tests)||*))
                }
            }
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => {
                let t = self.test(operand)?;
                quote!((!#t))
            }
            _ => {
                let v = self.expr(e)?;
                quote!(((#v) != 0))
            }
        })
    }
}

/// `a <op> b` on `i64`s, giving up where Python's result would not be one.
fn binop(op: Operator, a: TokenStream, b: TokenStream) -> Option<TokenStream> {
    if !int_operator(op) {
        return None;
    }
    Some(match op {
        Operator::Add => quote!((#a).checked_add(#b)?),
        Operator::Sub => quote!((#a).checked_sub(#b)?),
        Operator::Mult => quote!((#a).checked_mul(#b)?),
        Operator::FloorDiv => quote!(__pyfn_int_floordiv(#a, #b)?),
        Operator::Mod => quote!(__pyfn_int_mod(#a, #b)?),
        Operator::LShift => quote!(__pyfn_int_lshift(#a, #b)?),
        Operator::RShift => quote!(__pyfn_int_rshift(#a, #b)?),
        Operator::BitAnd => quote!(((#a) & (#b))),
        Operator::BitOr => quote!(((#a) | (#b))),
        Operator::BitXor => quote!(((#a) ^ (#b))),
        _ => return None,
    })
}

/// The Rust operator of an `int` comparison.
fn cmp_token(op: CmpOp) -> Option<TokenStream> {
    if !int_cmp(op) {
        return None;
    }
    Some(match op {
        CmpOp::Lt => quote!(<),
        CmpOp::LtE => quote!(<=),
        CmpOp::Gt => quote!(>),
        CmpOp::GtE => quote!(>=),
        CmpOp::Eq => quote!(==),
        CmpOp::NotEq => quote!(!=),
        _ => return None,
    })
}

/// The helpers int paths use, written once per generated module.
pub fn helper_tokens() -> TokenStream {
    quote! {
        /// A cell's value when it is an `int`.
        #[inline(always)]
        fn __pyfn_cell_int(cell: &rt::CellRef) -> ::core::option::Option<i64> {
            match &*cell.try_borrow().ok()? {
                ::core::option::Option::Some(rt::Value::Int(v)) => ::core::option::Option::Some(*v),
                _ => ::core::option::Option::None,
            }
        }

        /// A global's value when it is an `int`.
        #[inline(always)]
        fn __pyfn_global_int(g: &rt::Globals, name: &'static str) -> ::core::option::Option<i64> {
            match rt::load_global(g, name) {
                ::core::result::Result::Ok(rt::Value::Int(v)) => ::core::option::Option::Some(v),
                _ => ::core::option::Option::None,
            }
        }

        /// `a // b` rounding towards minus infinity, as Python's.
        #[inline(always)]
        fn __pyfn_int_floordiv(a: i64, b: i64) -> ::core::option::Option<i64> {
            let q = a.checked_div(b)?;
            if (a % b != 0) && ((a < 0) != (b < 0)) {
                ::core::option::Option::Some(q - 1)
            } else {
                ::core::option::Option::Some(q)
            }
        }

        /// `a % b` with the sign of `b`, as Python's.
        #[inline(always)]
        fn __pyfn_int_mod(a: i64, b: i64) -> ::core::option::Option<i64> {
            let r = a.checked_rem(b)?;
            if r != 0 && ((r < 0) != (b < 0)) {
                ::core::option::Option::Some(r + b)
            } else {
                ::core::option::Option::Some(r)
            }
        }

        /// `a << b` when the result fits.
        #[inline(always)]
        fn __pyfn_int_lshift(a: i64, b: i64) -> ::core::option::Option<i64> {
            if !(0..64).contains(&b) {
                return if a == 0 && b >= 0 {
                    ::core::option::Option::Some(0)
                } else {
                    ::core::option::Option::None
                };
            }
            let r = a << b;
            if (r >> b) == a {
                ::core::option::Option::Some(r)
            } else {
                ::core::option::Option::None
            }
        }

        /// `a >> b` (arithmetic, as Python's).
        #[inline(always)]
        fn __pyfn_int_rshift(a: i64, b: i64) -> ::core::option::Option<i64> {
            if b < 0 {
                return ::core::option::Option::None;
            }
            ::core::option::Option::Some(a >> b.min(63))
        }
    }
}
