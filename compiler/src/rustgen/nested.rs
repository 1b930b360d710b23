//! Nested code objects the native code creates but the interpreter runs:
//! class bodies (`__build_class__`), comprehensions and generator
//! expressions (made and called at once with the first iterable's
//! iterator), and decorators applied to what a `def` or `class` made.

use proc_macro2::TokenStream;
use quote::quote;

use super::frame::{internal, Frame, Gen};
use super::units::{comprehension_name, generators, UnitAst};
use crate::ast::{ClassDef, Expr, Loc};
use crate::error::CompileResult;

impl<'a> Gen<'a> {
    /// Evaluates `decorators` (top to bottom) into temporaries: the
    /// statements and the temporaries' names.
    pub fn decorators(
        &mut self,
        frame: &mut Frame<'a>,
        decorators: &[Expr],
    ) -> CompileResult<(TokenStream, Vec<proc_macro2::Ident>)> {
        let mut stmts = TokenStream::new();
        let mut temps = Vec::new();
        for d in decorators {
            let v = self.expr(frame, d)?;
            let t = self.temp("decorator");
            stmts.extend(quote!(let #t: rt::Value = #v;));
            temps.push(t);
        }
        Ok((stmts, temps))
    }

    /// `value` with the decorators in `temps` applied, the last one first.
    pub fn apply_decorators(temps: &[proc_macro2::Ident], value: TokenStream) -> TokenStream {
        let mut out = value;
        for t in temps.iter().rev() {
            out = quote!(__pyfn_call(&#t, [#out])?);
        }
        out
    }

    /// The closure tuple of the nested code object `child`, from `frame`'s
    /// cells.
    fn closure_of(
        &self,
        frame: &Frame<'a>,
        child: usize,
        loc: Loc,
    ) -> CompileResult<(TokenStream, TokenStream)> {
        let Some(node) = self.tree.get(child) else {
            return Err(internal("code object index out of range", loc));
        };
        let code_ident = node.ident.clone();
        let mut cells = Vec::new();
        for free in node.code.freevars.iter() {
            cells.push(self.closure_cell(frame, free, loc)?);
        }
        let closure = if cells.is_empty() {
            quote!(rt::ClosureCells::from([] as [rt::CellRef; 0]))
        } else {
            quote!([#(#cells),*])
        };
        Ok((quote!(&#code_ident), closure))
    }

    /// The statement for `class Name(bases): body` (its body runs on the
    /// interpreter through `__build_class__`).
    pub fn class_stmt(
        &mut self,
        frame: &mut Frame<'a>,
        class: &ClassDef,
        loc: Loc,
    ) -> CompileResult<TokenStream> {
        let (dec_stmts, dec_temps) = self.decorators(frame, &class.decorator_list)?;
        let line = super::units::first_line(&class.decorator_list, loc);
        let Some(child) = self.take_child(frame, &class.name, line) else {
            // CPython dropped the statement as unreachable code.
            return Ok(TokenStream::new());
        };
        let lowered =
            super::check::unit_unsupported(super::check::UnitBody::Stmts(&class.body, &[]))
                .is_none();
        let body_fn = match (lowered, self.symtable.lookup(loc)) {
            (true, Some(scope)) => {
                let block = self.symtable.block(scope);
                self.function_body(
                    child,
                    scope,
                    block,
                    super::function::Body::Class(&class.body),
                    loc,
                )?;
                let ident = super::function::body_ident(child);
                quote!(#ident)
            }
            _ => {
                self.vm_unit(child, UnitAst::Stmts(&class.body))?;
                quote!(rt::vm_body)
            }
        };
        let (code, closure) = self.closure_of(frame, child, loc)?;
        let name = class.name.as_str();
        let mut items = vec![
            quote!(rt::make_function(#code, #body_fn, __g, #closure, None, None)),
            quote!(rt::Value::str_static(#name)),
        ];
        for b in &class.bases {
            items.push(self.expr(frame, b)?);
        }
        let mut names = Vec::new();
        for k in &class.keywords {
            let Some(arg) = &k.arg else {
                return Err(internal(
                    "`**` in class keywords reached the back end",
                    k.loc,
                ));
            };
            items.push(self.expr(frame, &k.value)?);
            names.push(arg.clone());
        }
        let made = quote!({
            let __build_class = rt::load_build_class()?;
            __pyfn_call_kw(&__build_class, [#(#items),*], &[#(#names),*])?
        });
        let value = Self::apply_decorators(&dec_temps, made);
        let store = self.store_name(frame, name, value);
        Ok(quote!({ #dec_stmts #store }))
    }

    /// A comprehension or generator expression: its function made with the
    /// interpreter as body and called with the first iterable's iterator.
    pub fn comprehension(&mut self, frame: &mut Frame<'a>, e: &Expr) -> CompileResult<TokenStream> {
        let loc = e.loc;
        let name = comprehension_name(e).unwrap_or("<listcomp>");
        let Some(child) = self.take_child(frame, name, loc.line) else {
            return Err(internal("no code object for a comprehension", loc));
        };
        let native = if comprehension_lowered(e) {
            match self.symtable.lookup(loc) {
                Some(scope) => {
                    let block = self.symtable.block(scope);
                    self.function_body(
                        child,
                        scope,
                        block,
                        super::function::Body::Comprehension(e),
                        loc,
                    )?;
                    true
                }
                None => false,
            }
        } else {
            false
        };
        let body_fn = if native {
            let ident = super::function::body_ident(child);
            quote!(#ident)
        } else {
            self.vm_unit(child, UnitAst::Comprehension(e))?;
            quote!(rt::vm_body)
        };
        let (code, closure) = self.closure_of(frame, child, loc)?;
        let Some(first) = generators(e).first() else {
            return Err(internal("a comprehension without `for`", loc));
        };
        let iterable = self.expr(frame, &first.iter)?;
        Ok(quote!({
            let __comprehension = rt::make_function(#code, #body_fn, __g, #closure, None, None);
            let __iterable: rt::Value = #iterable;
            let __iterator = rt::iter(&__iterable)?;
            __pyfn_discard(__iterable);
            __pyfn_call(&__comprehension, [__iterator])?
        }))
    }
}

/// Whether the back end lowers the comprehension `e` itself (generator
/// expressions stay on the interpreter): its element, conditions, targets
/// and the iterables after the first must all be native.
pub fn comprehension_lowered(e: &Expr) -> bool {
    use crate::ast::ExprKind;
    let elts: Vec<&Expr> = match &e.kind {
        ExprKind::ListComp { elt, .. } | ExprKind::SetComp { elt, .. } => vec![elt],
        ExprKind::DictComp { key, value, .. } => vec![key, value],
        _ => return false,
    };
    let ok = |x: &Expr| super::check::unit_unsupported(super::check::UnitBody::Expr(x)).is_none();
    let target_ok = |t: &Expr| super::check::target_supported(t);
    elts.into_iter().all(ok)
        && generators(e)
            .iter()
            .enumerate()
            .all(|(i, g)| target_ok(&g.target) && (i == 0 || ok(&g.iter)) && g.ifs.iter().all(ok))
}

impl<'a> Gen<'a> {
    /// The statements of a native comprehension body: nested loops over
    /// its `for` clauses (the first over the iterator argument `.0`), its
    /// conditions, and the element added to the result, which it returns.
    pub fn comprehension_body(
        &mut self,
        frame: &mut Frame<'a>,
        e: &Expr,
    ) -> CompileResult<TokenStream> {
        use crate::ast::ExprKind;
        let result = self.temp("result");
        let (init, add, finish) = match &e.kind {
            ExprKind::ListComp { elt, .. } => {
                let v = self.expr(frame, elt)?;
                (
                    quote!(let mut #result: ::std::vec::Vec<rt::Value> = ::std::vec::Vec::new();),
                    quote!(#result.push(#v);),
                    quote!(rt::list(#result)),
                )
            }
            ExprKind::SetComp { elt, .. } => {
                let v = self.expr(frame, elt)?;
                (
                    quote!(let #result = rt::set_of(::std::vec::Vec::new())?;),
                    quote!(rt::set_add(&#result, #v)?;),
                    quote!(#result),
                )
            }
            ExprKind::DictComp { key, value, .. } => {
                let k = self.expr(frame, key)?;
                let v = self.expr(frame, value)?;
                (
                    quote!(let #result = rt::dict(::std::vec::Vec::new())?;),
                    quote!({
                        let __key: rt::Value = #k;
                        let __value: rt::Value = #v;
                        rt::setitem(&#result, &__key, __value)?;
                    }),
                    quote!(#result),
                )
            }
            _ => return Err(internal("not a list, set or dict comprehension", e.loc)),
        };
        // Innermost clause first: each wraps the code inside it.
        let mut inner = add;
        let gens = generators(e);
        for (i, g) in gens.iter().enumerate().rev() {
            let iterable = if i == 0 {
                let arg = self.load_name(frame, ".0");
                quote!(&#arg)
            } else {
                let v = self.expr(frame, &g.iter)?;
                quote!(&#v)
            };
            let next = self.label("comprehension");
            let it = self.temp("iter");
            let item = self.temp("item");
            let store = self.store(frame, &g.target, quote!(#item))?;
            let mut conds = TokenStream::new();
            for c in &g.ifs {
                let t = self.test_bool(frame, c)?;
                conds.extend(quote!(if !(#t) { continue #next; }));
            }
            inner = quote! {
                let mut #it = __pyfn_iter(#iterable)?;
                #next: while let ::core::option::Option::Some(#item) = #it.next()? {
                    #store
                    #conds
                    #inner
                }
            };
        }
        let ret = frame.return_tokens(finish);
        Ok(quote! {
            #init
            #inner
            #ret
        })
    }
}

impl<'a> Gen<'a> {
    /// The statements of a native class body (`compiler_class`'s body):
    /// `__module__` and `__qualname__`, the docstring as `__doc__`, the
    /// class's statements in its namespace, and the `__class__` cell (in
    /// `__classcell__` and as the result) when a method uses it.
    pub fn class_body(
        &mut self,
        frame: &mut Frame<'a>,
        stmts: &[crate::ast::Stmt],
    ) -> CompileResult<TokenStream> {
        let qualname = self
            .tree
            .get(frame.code)
            .map(|n| n.code.qualname.to_string())
            .unwrap_or_default();
        let mut out = quote! {
            rt::store_name(__ns, "__module__", rt::load_name(__ns, __g, "__name__")?)?;
            rt::store_name(__ns, "__qualname__", rt::Value::str_static(#qualname))?;
        };
        if let Some(doc) = super::docstring(stmts) {
            out.extend(quote!(rt::store_name(__ns, "__doc__", rt::Value::str_static(#doc))?;));
        }
        out.extend(self.block(frame, stmts)?);
        let has_class_cell = frame.block.needs_class_closure;
        out.extend(if has_class_cell {
            let cell = super::names::cell_ident("__class__");
            quote! {
                rt::store_name(__ns, "__classcell__", rt::Value::Cell(#cell.clone()))?;
                return ::core::result::Result::Ok(rt::Value::Cell(#cell));
            }
        } else {
            quote!(return ::core::result::Result::Ok(rt::Value::None);)
        });
        Ok(out)
    }
}
