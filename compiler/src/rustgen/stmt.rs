//! Statements (CPython's `compiler_visit_stmt`), one Rust statement (or
//! block) each: assignment and unpacking, augmented assignment, `if`,
//! `while`, `for`, `break`/`continue` on labelled Rust loops, `return`.

use proc_macro2::TokenStream;
use quote::quote;

use super::expr::binop_tokens;
use super::frame::{internal, Frame, Gen};
use super::function::Body;
use crate::ast::{Constant, Expr, ExprKind, Operator, Stmt, StmtKind};
use crate::error::{CompileError, CompileResult};

/// The two kinds of Python loop.
enum Loop<'e> {
    /// `for target in iter`.
    For {
        /// The loop target.
        target: &'e Expr,
        /// The iterable.
        iter: &'e Expr,
    },
    /// `while test`.
    While(&'e Expr),
}

/// The Rust labels of one Python loop.
#[derive(Clone, Debug)]
pub struct LoopLabels {
    /// `continue` target: the Rust loop.
    pub next: TokenStream,
    /// `break` target: the Rust loop, or the block around loop and `else`.
    pub exit: TokenStream,
    /// The loop's number in its function (`__PyfnFlow::Break(id)`).
    pub id: u32,
    /// The closure depth the loop is written at ([`Frame::closures`]).
    pub closures: usize,
}

/// True when `test` is a constant that is always true (`while True:`).
fn always_true(test: &Expr) -> bool {
    match &test.kind {
        ExprKind::Constant(Constant::Bool(b)) => *b,
        ExprKind::Constant(Constant::Int(i)) => i != &num_bigint::BigInt::from(0),
        ExprKind::Constant(Constant::Str(s)) => !s.is_empty(),
        _ => false,
    }
}

impl<'a> Gen<'a> {
    /// The statements of `body`, in order.
    pub fn block(&mut self, frame: &mut Frame<'a>, body: &[Stmt]) -> CompileResult<TokenStream> {
        let mut out = TokenStream::new();
        for s in body {
            out.extend(self.stmt(frame, s)?);
        }
        Ok(out)
    }

    /// One statement.
    pub fn stmt(&mut self, frame: &mut Frame<'a>, s: &Stmt) -> CompileResult<TokenStream> {
        let loc = s.loc;
        match &s.kind {
            StmtKind::FunctionDef(def) => {
                let (dec_stmts, dec_temps) = self.decorators(frame, &def.decorator_list)?;
                let f = self.function_value(
                    frame,
                    &def.name,
                    loc,
                    super::units::first_line(&def.decorator_list, loc),
                    &def.args,
                    Body::Def(&def.body),
                )?;
                let f = Self::apply_decorators(&dec_temps, f);
                let store = self.store_name(frame, &def.name, f);
                if dec_temps.is_empty() {
                    Ok(store)
                } else {
                    Ok(quote!({ #dec_stmts #store }))
                }
            }
            StmtKind::Return(value) => {
                if frame.module {
                    return Err(CompileError::syntax("'return' outside function", loc));
                }
                let v = match value {
                    Some(v) => self.expr(frame, v)?,
                    None => quote!(rt::Value::None),
                };
                Ok(self.return_value(frame, v))
            }
            StmtKind::Assign { targets, value } => self.assign(frame, targets, value),
            StmtKind::AugAssign { target, op, value } => self.aug_assign(frame, target, *op, value),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => self.loop_stmt(frame, Loop::For { target, iter }, body, orelse),
            StmtKind::While { test, body, orelse } => {
                self.loop_stmt(frame, Loop::While(test), body, orelse)
            }
            StmtKind::If { test, body, orelse } => self.if_stmt(frame, test, body, orelse),
            StmtKind::Global(_) | StmtKind::Nonlocal(_) | StmtKind::Pass => Ok(TokenStream::new()),
            StmtKind::Break => match self.loop_jump(frame, true) {
                Some(jump) => Ok(jump),
                None => Err(CompileError::syntax("'break' outside loop", loc)),
            },
            StmtKind::Continue => match self.loop_jump(frame, false) {
                Some(jump) => Ok(jump),
                None => Err(CompileError::syntax("'continue' not properly in loop", loc)),
            },
            StmtKind::Expr(e) => {
                if let ExprKind::Constant(_) = e.kind {
                    // A docstring or other constant: CPython emits nothing.
                    return Ok(TokenStream::new());
                }
                let v = self.expr(frame, e)?;
                Ok(quote!(#v;))
            }
            StmtKind::ClassDef(class) => self.class_stmt(frame, class, loc),
            StmtKind::Delete(targets) => self.del_stmt(frame, targets, loc),
            StmtKind::AnnAssign { .. } => Err(CompileError::unsupported("annotations are", 2, loc)),
            StmtKind::Raise { exc, cause } => self.raise_stmt(frame, exc.as_ref(), cause.as_ref()),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.try_stmt(frame, body, handlers, orelse, finalbody),
            StmtKind::Assert { test, msg } => self.assert_stmt(frame, test, msg.as_ref()),
            StmtKind::Import(names) => self.import_stmt(frame, names),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.import_from_stmt(frame, module.as_deref(), names, *level),
        }
    }

    /// `for` and `while` as labelled Rust loops. With an `else` block the
    /// loop sits in a labelled block that `break` leaves, so the `else`
    /// block runs only when the loop ends without `break`.
    fn loop_stmt(
        &mut self,
        frame: &mut Frame<'a>,
        kind: Loop<'_>,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> CompileResult<TokenStream> {
        let next = self.label("loop");
        let exit = if orelse.is_empty() {
            next.clone()
        } else {
            self.label("loop_else")
        };
        let head = match kind {
            Loop::For { target, iter } => {
                let iterable = self.expr_ref(frame, iter)?;
                let it = self.temp("iter");
                let item = self.temp("item");
                let id = self.loop_id();
                frame.loops.push(LoopLabels {
                    next: next.clone(),
                    exit: exit.clone(),
                    id,
                    closures: frame.closures,
                });
                let store = self.store(frame, target, quote!(#item));
                let code = self.block(frame, body);
                frame.loops.pop();
                let (store, code) = (store?, code?);
                quote! {
                    let mut #it = __pyfn_iter(#iterable)?;
                    #next: while let Some(#item) = #it.next()? {
                        #store
                        #code
                    }
                }
            }
            Loop::While(test) => {
                let cond = if always_true(test) {
                    None
                } else {
                    Some(self.test_bool(frame, test)?)
                };
                let id = self.loop_id();
                frame.loops.push(LoopLabels {
                    next: next.clone(),
                    exit: exit.clone(),
                    id,
                    closures: frame.closures,
                });
                let code = self.block(frame, body);
                frame.loops.pop();
                let code = code?;
                match cond {
                    None => quote!(#next: loop { #code }),
                    Some(t) => quote!(#next: while #t { #code }),
                }
            }
        };
        if orelse.is_empty() {
            return Ok(head);
        }
        let orelse = self.block(frame, orelse)?;
        Ok(quote!(#exit: { #head #orelse }))
    }

    /// `if` / `elif` / `else` as a Rust `if` / `else if` / `else` chain,
    /// built in one pass along the `elif`s (each one is the lone statement
    /// of the `orelse` before it), so that the time stays linear in their
    /// number.
    fn if_stmt(
        &mut self,
        frame: &mut Frame<'a>,
        test: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> CompileResult<TokenStream> {
        let mut out = TokenStream::new();
        let (mut test, mut body, mut orelse) = (test, body, orelse);
        loop {
            let t = self.test_bool(frame, test)?;
            let b = self.block(frame, body)?;
            out.extend(quote!(if #t { #b }));
            match orelse {
                [] => return Ok(out),
                [Stmt {
                    kind:
                        StmtKind::If {
                            test: elif_test,
                            body: elif_body,
                            orelse: elif_orelse,
                        },
                    ..
                }] => {
                    out.extend(quote!(else));
                    (test, body, orelse) = (elif_test, elif_body, elif_orelse);
                }
                _ => {
                    let o = self.block(frame, orelse)?;
                    out.extend(quote!(else { #o }));
                    return Ok(out);
                }
            }
        }
    }

    /// `t1 = t2 = value`: the value first, then each target left to right.
    fn assign(
        &mut self,
        frame: &mut Frame<'a>,
        targets: &[Expr],
        value: &Expr,
    ) -> CompileResult<TokenStream> {
        let v = self.expr(frame, value)?;
        if let [Expr {
            kind: ExprKind::Name { id, .. },
            ..
        }] = targets
        {
            return Ok(self.store_name(frame, id, v));
        }
        let tmp = self.temp("value");
        let mut stores = Vec::new();
        let count = targets.len();
        for (i, t) in targets.iter().enumerate() {
            let value = if i + 1 == count {
                quote!(#tmp)
            } else {
                quote!(#tmp.clone())
            };
            stores.push(self.store(frame, t, value)?);
        }
        Ok(quote!({
            let #tmp = #v;
            #(#stores)*
        }))
    }

    /// Stores `value` (an already evaluated `rt::Value` expression without
    /// side effects) into an assignment target.
    pub fn store(
        &mut self,
        frame: &mut Frame<'a>,
        target: &Expr,
        value: TokenStream,
    ) -> CompileResult<TokenStream> {
        match &target.kind {
            ExprKind::Name { id, .. } => Ok(self.store_name(frame, id, value)),
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                let o = self.expr(frame, obj)?;
                Ok(quote!(rt::setattr(&#o, #attr, #value)?;))
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                let o = self.expr(frame, obj)?;
                let k = self.expr(frame, slice)?;
                Ok(quote!(rt::setitem(&#o, &#k, #value)?;))
            }
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                let star = elts
                    .iter()
                    .position(|e| matches!(e.kind, ExprKind::Starred { .. }));
                let items = self.temp("items");
                let n = elts.len();
                let mut stores = Vec::new();
                for e in elts {
                    // `*rest` stores the list `rt::unpack_ex` built for it.
                    let target = match &e.kind {
                        ExprKind::Starred { value, .. } => value.as_ref(),
                        _ => e,
                    };
                    stores.push(self.store(
                        frame,
                        target,
                        quote!(#items.next().unwrap_or(rt::Value::None)),
                    )?);
                }
                let unpacked = match star {
                    Some(before) => {
                        let after = n - before - 1;
                        quote!(rt::unpack_ex(&#value, #before, #after)?)
                    }
                    None => quote!(rt::unpack(&#value, #n)?),
                };
                Ok(quote!({
                    let mut #items = #unpacked.into_iter();
                    #(#stores)*
                }))
            }
            ExprKind::Starred { .. } => Err(CompileError::unsupported(
                "starred assignment targets are",
                2,
                target.loc,
            )),
            _ => Err(internal(
                "assignment to a non-target expression",
                target.loc,
            )),
        }
    }

    /// `target op= value`: the container and key are evaluated once.
    fn aug_assign(
        &mut self,
        frame: &mut Frame<'a>,
        target: &Expr,
        op: Operator,
        value: &Expr,
    ) -> CompileResult<TokenStream> {
        let helper = super::fast::binop_helper(op, true);
        let op = binop_tokens(op);
        match &target.kind {
            ExprKind::Name { id, .. } => {
                let current = match self.name_ref(frame, id) {
                    Some(r) => r,
                    None => {
                        let v = self.load_name(frame, id);
                        quote!(&#v)
                    }
                };
                let v = self.expr_ref(frame, value)?;
                let result = match helper {
                    Some(helper) => quote!(#helper(#current, #v)?),
                    None => quote!(rt::inplace_op(#op, #current, #v)?),
                };
                Ok(self.store_name(frame, id, result))
            }
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                let o = self.expr(frame, obj)?;
                let v = self.expr(frame, value)?;
                let obj_tmp = self.temp("obj");
                let result = self.temp("result");
                let current = quote!(&rt::getattr(&#obj_tmp, #attr)?);
                let compute = match &helper {
                    Some(helper) => quote!(#helper(#current, &#v)?),
                    None => quote!(rt::inplace_op(#op, #current, &#v)?),
                };
                Ok(quote!({
                    let #obj_tmp = #o;
                    let #result = #compute;
                    rt::setattr(&#obj_tmp, #attr, #result)?;
                }))
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                let o = self.expr(frame, obj)?;
                let k = self.expr(frame, slice)?;
                let v = self.expr(frame, value)?;
                let obj_tmp = self.temp("obj");
                let key_tmp = self.temp("key");
                let result = self.temp("result");
                let current = quote!(&rt::getitem(&#obj_tmp, &#key_tmp)?);
                let compute = match &helper {
                    Some(helper) => quote!(#helper(#current, &#v)?),
                    None => quote!(rt::inplace_op(#op, #current, &#v)?),
                };
                Ok(quote!({
                    let #obj_tmp = #o;
                    let #key_tmp = #k;
                    let #result = #compute;
                    rt::setitem(&#obj_tmp, &#key_tmp, #result)?;
                }))
            }
            _ => Err(CompileError::syntax(
                "'tuple' is an illegal expression for augmented assignment",
                target.loc,
            )),
        }
    }
}
