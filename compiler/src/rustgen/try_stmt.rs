//! `try`/`except`/`else`/`finally`, `raise`, `assert` and `del`, natively.
//!
//! A guarded block runs in a closure called on the spot,
//! `(|| -> rt::PyResult<__PyfnFlow> { ... })()`: an exception (`?` or
//! `return Err`) ends the closure, and the statements after it see it as a
//! value. Python control flow that leaves the block goes out through the
//! closure's result: `return v` is `Ok(__PyfnFlow::Return(v))`, `break` and
//! `continue` of an enclosing loop are `Ok(__PyfnFlow::Break(id))` /
//! `Continue(id)`, and the `try` statement dispatches them once the
//! handlers and `finally` block have run, as CPython's exception table and
//! `compiler_unwind_fblock` do.
//!
//! Handlers follow CPython's protocol: the exception is pushed as the one
//! being handled (`rt::push_handled`, so a bare `raise` and `__context__`
//! see it), each clause's type is matched with `rt::exc_matches`, `except E
//! as e` unbinds `e` when the handler ends, and an exception leaving a
//! handler or `finally` block gets the handled one as `__context__`.

use proc_macro2::TokenStream;
use quote::quote;

use super::frame::{Frame, Gen, Slot};
use crate::ast::{ExceptHandler, Expr, ExprKind, Loc, Stmt};
use crate::error::CompileResult;

impl<'a> Gen<'a> {
    /// `body` as a closure returning how it ended (`__PyfnFlow`), one
    /// closure level deeper than `frame`.
    fn guarded(&mut self, frame: &mut Frame<'a>, body: &[Stmt]) -> CompileResult<TokenStream> {
        frame.closures += 1;
        let code = self.block(frame, body);
        frame.closures -= 1;
        let code = code?;
        Ok(quote!((|| -> rt::PyResult<__PyfnFlow> {
            #code
            ::core::result::Result::Ok(__PyfnFlow::Normal)
        })()))
    }

    /// The statements that act on a `__PyfnFlow` value `flow` after a
    /// guarded block: nothing for `Normal`, else the `return`, `break` or
    /// `continue` it stands for (passed further out when the target is
    /// outside the current closure).
    fn dispatch(&self, frame: &Frame<'a>, flow: &proc_macro2::Ident) -> TokenStream {
        // Module code has no `return` (a SyntaxError CPython reports).
        let ret = if frame.module && frame.closures == 0 {
            quote!(drop(__value);)
        } else {
            self.return_value(frame, quote!(__value))
        };
        let mut arms = Vec::new();
        for l in &frame.loops {
            let id = l.id;
            if l.closures == frame.closures {
                let (next, exit) = (&l.next, &l.exit);
                arms.push(quote!(__PyfnFlow::Break(#id) => break #exit,));
                arms.push(quote!(__PyfnFlow::Continue(#id) => continue #next,));
            }
        }
        let escape = if frame.closures > 0 {
            quote!(other => return ::core::result::Result::Ok(other),)
        } else {
            // Outside every closure a loop target is always found above.
            quote!(_ => {})
        };
        quote! {
            match #flow {
                __PyfnFlow::Normal => {}
                __PyfnFlow::Return(__value) => { #ret }
                #(#arms)*
                #escape
            }
        }
    }

    /// `return value` in `frame`: leaves the function, or the closure of the
    /// innermost guarded block with `__PyfnFlow::Return`.
    pub fn return_value(&self, frame: &Frame<'a>, value: TokenStream) -> TokenStream {
        if frame.closures > 0 {
            quote!(return ::core::result::Result::Ok(__PyfnFlow::Return(#value));)
        } else {
            frame.return_tokens(value)
        }
    }

    /// `break` / `continue` of the innermost loop.
    pub fn loop_jump(&self, frame: &Frame<'a>, is_break: bool) -> Option<TokenStream> {
        let l = frame.loops.last()?;
        let id = l.id;
        Some(if l.closures == frame.closures {
            let label = if is_break { &l.exit } else { &l.next };
            if is_break {
                quote!(break #label;)
            } else {
                quote!(continue #label;)
            }
        } else if is_break {
            quote!(return ::core::result::Result::Ok(__PyfnFlow::Break(#id));)
        } else {
            quote!(return ::core::result::Result::Ok(__PyfnFlow::Continue(#id));)
        })
    }

    /// A `try` statement.
    pub fn try_stmt(
        &mut self,
        frame: &mut Frame<'a>,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
    ) -> CompileResult<TokenStream> {
        let result = self.temp("try");
        let mut out = TokenStream::new();
        let guarded = self.guarded(frame, body)?;
        out.extend(quote!(let #result: rt::PyResult<__PyfnFlow> = #guarded;));

        if !handlers.is_empty() || !orelse.is_empty() {
            let on_error = if handlers.is_empty() {
                quote!(::core::result::Result::Err(__e))
            } else {
                let chain = self.handler_chain(frame, handlers)?;
                quote!({
                    rt::attach_context(&__e);
                    let __exc = __e.to_value();
                    rt::push_handled(__exc.clone());
                    let __out: rt::PyResult<__PyfnFlow> = (|| -> rt::PyResult<__PyfnFlow> {
                        #chain
                    })();
                    if let ::core::result::Result::Err(__e2) = &__out {
                        rt::attach_context(__e2);
                    }
                    rt::pop_handled();
                    __out
                })
            };
            let on_normal = if orelse.is_empty() {
                quote!(::core::result::Result::Ok(__PyfnFlow::Normal))
            } else {
                self.guarded(frame, orelse)?
            };
            out.extend(quote! {
                let #result: rt::PyResult<__PyfnFlow> = match #result {
                    ::core::result::Result::Err(__e) => #on_error,
                    ::core::result::Result::Ok(__PyfnFlow::Normal) => #on_normal,
                    other => other,
                };
            });
        }

        if !finalbody.is_empty() {
            let fin = self.guarded(frame, finalbody)?;
            out.extend(quote! {
                let #result: rt::PyResult<__PyfnFlow> = {
                    let __pending = match &#result {
                        ::core::result::Result::Err(__e) => {
                            rt::attach_context(__e);
                            rt::push_handled(__e.to_value());
                            true
                        }
                        ::core::result::Result::Ok(_) => false,
                    };
                    let __fin: rt::PyResult<__PyfnFlow> = #fin;
                    if let ::core::result::Result::Err(__e2) = &__fin {
                        rt::attach_context(__e2);
                    }
                    if __pending {
                        rt::pop_handled();
                    }
                    match __fin {
                        ::core::result::Result::Ok(__PyfnFlow::Normal) => #result,
                        other => other,
                    }
                };
            });
        }

        let flow = self.temp("flow");
        let dispatch = self.dispatch(frame, &flow);
        out.extend(quote! {
            let #flow = match #result {
                ::core::result::Result::Ok(f) => f,
                ::core::result::Result::Err(__e) => return ::core::result::Result::Err(__e),
            };
            #dispatch
        });
        Ok(quote!({ #out }))
    }

    /// The body of the handler closure: each `except` clause in order, the
    /// first that matches runs; none matching re-raises `__e`.
    fn handler_chain(
        &mut self,
        frame: &mut Frame<'a>,
        handlers: &[ExceptHandler],
    ) -> CompileResult<TokenStream> {
        frame.closures += 1;
        let r = self.handler_chain_inner(frame, handlers);
        frame.closures -= 1;
        r
    }

    fn handler_chain_inner(
        &mut self,
        frame: &mut Frame<'a>,
        handlers: &[ExceptHandler],
    ) -> CompileResult<TokenStream> {
        let mut out = TokenStream::new();
        for h in handlers {
            let body = self.guarded(frame, &h.body)?;
            let run = match &h.name {
                Some(name) => {
                    let bind = self.store_name(frame, name, quote!(__exc.clone()));
                    let unbind = self.unbind_name(frame, name);
                    quote!({
                        #bind
                        let __h: rt::PyResult<__PyfnFlow> = #body;
                        #unbind
                        return __h;
                    })
                }
                None => quote!({
                    return #body;
                }),
            };
            match &h.type_ {
                Some(t) => {
                    let ty = self.expr(frame, t)?;
                    out.extend(quote! {
                        if rt::exc_matches(&__e, &#ty)? #run
                    });
                }
                None => out.extend(run),
            }
        }
        out.extend(quote!(::core::result::Result::Err(__e.clone())));
        Ok(out)
    }

    /// Makes `name` unbound without an error if it already is (the end of
    /// `except ... as name`: CPython's `name = None; del name`).
    fn unbind_name(&self, frame: &Frame<'_>, name: &str) -> TokenStream {
        match frame.slot(name) {
            Slot::Global => quote!(let _ = rt::delete_global(__g, #name);),
            Slot::Local(id) => quote!(__pyfn_discard_opt(#id.take());),
            Slot::Cell(id) => quote!(rt::cell_clear(&#id);),
            Slot::Free(id) | Slot::ClassFree(id) => quote!(rt::cell_clear(#id);),
            Slot::Name => quote!(let _ = rt::delete_name(__ns, #name);),
            // Never a parameter: check.rs sends such units to the interpreter.
            Slot::Param(_) | Slot::Arg(_) => TokenStream::new(),
        }
    }

    /// `raise`, `raise exc`, `raise exc from cause`.
    pub fn raise_stmt(
        &mut self,
        frame: &mut Frame<'a>,
        exc: Option<&Expr>,
        cause: Option<&Expr>,
    ) -> CompileResult<TokenStream> {
        let Some(exc) = exc else {
            return Ok(quote!(return ::core::result::Result::Err(rt::reraise());));
        };
        let e = self.expr(frame, exc)?;
        let c = match cause {
            Some(c) => {
                let c = self.expr(frame, c)?;
                quote!(::core::option::Option::Some(&#c))
            }
            None => quote!(::core::option::Option::None),
        };
        Ok(quote!({
            let __exc: rt::Value = #e;
            return ::core::result::Result::Err(rt::raise(&__exc, #c));
        }))
    }

    /// `assert test, msg`: `AssertionError(msg)` (the builtin class, as
    /// `LOAD_ASSERTION_ERROR` loads it) when `test` is false.
    pub fn assert_stmt(
        &mut self,
        frame: &mut Frame<'a>,
        test: &Expr,
        msg: Option<&Expr>,
    ) -> CompileResult<TokenStream> {
        let t = self.test_bool(frame, test)?;
        let m = match msg {
            Some(m) => {
                let m = self.expr(frame, m)?;
                quote!(::core::option::Option::Some(#m))
            }
            None => quote!(::core::option::Option::None),
        };
        Ok(quote!(if !(#t) {
            return ::core::result::Result::Err(rt::assertion_error(#m));
        }))
    }

    /// `del target, ...`.
    pub fn del_stmt(
        &mut self,
        frame: &mut Frame<'a>,
        targets: &[Expr],
        loc: Loc,
    ) -> CompileResult<TokenStream> {
        let mut out = TokenStream::new();
        for t in targets {
            out.extend(self.del_target(frame, t, loc)?);
        }
        Ok(out)
    }

    fn del_target(
        &mut self,
        frame: &mut Frame<'a>,
        t: &Expr,
        loc: Loc,
    ) -> CompileResult<TokenStream> {
        Ok(match &t.kind {
            ExprKind::Name { id, .. } => {
                let name = id.as_str();
                match frame.slot(name) {
                    Slot::Global => quote!(rt::delete_global(__g, #name)?;),
                    Slot::Local(id) => quote! {
                        match #id.take() {
                            ::core::option::Option::Some(v) => __pyfn_discard(v),
                            ::core::option::Option::None => {
                                return ::core::result::Result::Err(rt::unbound_local(#name))
                            }
                        }
                    },
                    Slot::Cell(id) => quote!(rt::cell_delete(&#id, #name, rt::DerefKind::Cell)?;),
                    Slot::Free(id) | Slot::ClassFree(id) => {
                        quote!(rt::cell_delete(#id, #name, rt::DerefKind::Free)?;)
                    }
                    Slot::Name => quote!(rt::delete_name(__ns, #name)?;),
                    Slot::Param(_) | Slot::Arg(_) => {
                        return Err(super::frame::internal(
                            "del of a parameter reached the native back end",
                            loc,
                        ))
                    }
                }
            }
            ExprKind::Subscript { value, slice, .. } => {
                let o = self.expr(frame, value)?;
                let k = self.expr(frame, slice)?;
                quote!({
                    let __obj: rt::Value = #o;
                    let __key: rt::Value = #k;
                    rt::delitem(&__obj, &__key)?;
                })
            }
            ExprKind::Attribute { value, attr, .. } => {
                let o = self.expr(frame, value)?;
                let name = attr.as_str();
                quote!({
                    let __obj: rt::Value = #o;
                    rt::delattr(&__obj, #name)?;
                })
            }
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                let mut out = TokenStream::new();
                for e in elts {
                    out.extend(self.del_target(frame, e, loc)?);
                }
                out
            }
            _ => {
                return Err(super::frame::internal(
                    "del of a non-target expression",
                    t.loc,
                ))
            }
        })
    }
}
