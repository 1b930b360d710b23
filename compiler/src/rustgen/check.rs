//! Which code objects the native back end lowers: a unit (the module, a
//! `def`, a `lambda`) is lowered when its own statements and expressions
//! are all ones the back end translates; [`unit_unsupported`] names the
//! first one that is not (in source order). Nested code objects are units
//! of their own: only what runs in the enclosing unit is checked here
//! (decorators, defaults, bases, the first iterable of a comprehension).
//!
//! A unit that is not lowered runs on the bytecode interpreter; class
//! bodies, comprehensions and generator expressions always do (for now).

use crate::ast::{Arguments, Expr, ExprContext, ExprKind, Loc, Stmt, StmtKind};
use crate::error::CompileError;

/// What a unit runs.
#[derive(Clone, Copy, Debug)]
pub enum UnitBody<'b> {
    /// The module's or a `def`'s statements, and the parameter names.
    Stmts(&'b [Stmt], &'b [String]),
    /// A `lambda`'s expression.
    Expr(&'b Expr),
}

/// The first construct of `body` (not counting nested units' bodies) that
/// the native back end does not translate, or `None` when it lowers the
/// whole unit.
pub fn unit_unsupported(body: UnitBody<'_>) -> Option<CompileError> {
    let r = match body {
        UnitBody::Stmts(stmts, params) => Checker { params }.block(stmts),
        UnitBody::Expr(e) => check_expr(e),
    };
    r.err()
}

/// The names of a parameter list, in `co_varnames` order.
pub fn param_names(args: &Arguments) -> Vec<String> {
    args.posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.vararg)
        .chain(&args.kwonlyargs)
        .chain(&args.kwarg)
        .map(|a| a.name.clone())
        .collect()
}

/// The statements' check, knowing the unit's parameters (a parameter is a
/// Rust `Value`, which `del` cannot unbind).
struct Checker<'p> {
    params: &'p [String],
}

type Check = Result<(), CompileError>;

fn unsupported(what: &str, tier: u8, loc: Loc) -> Check {
    Err(CompileError::unsupported(what, tier, loc))
}

impl Checker<'_> {
    fn block(&self, body: &[Stmt]) -> Check {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    /// `del` of names, subscripts and attributes (not of a parameter).
    fn del_target(&self, t: &Expr) -> Check {
        match &t.kind {
            ExprKind::Name { id, .. } if self.params.iter().any(|p| p == id) => {
                unsupported("del of a parameter is", 2, t.loc)
            }
            ExprKind::Name { .. } => Ok(()),
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                elts.iter().try_for_each(|e| self.del_target(e))
            }
            _ => check_target(t),
        }
    }

    /// An `except ... as name` where `name` is a parameter.
    fn handler_name(&self, h: &crate::ast::ExceptHandler) -> Check {
        match &h.name {
            Some(n) if self.params.iter().any(|p| p == n) => {
                unsupported("`except ... as` a parameter is", 2, h.loc)
            }
            _ => Ok(()),
        }
    }

    fn stmt(&self, stmt: &Stmt) -> Check {
        let loc = stmt.loc;
        match &stmt.kind {
            StmtKind::FunctionDef(def) => {
                def.decorator_list.iter().try_for_each(check_expr)?;
                check_arguments(&def.args)?;
                if let Some(r) = &def.returns {
                    return unsupported("annotations are", 2, r.loc);
                }
                Ok(())
            }
            StmtKind::ClassDef(class) => {
                class.decorator_list.iter().try_for_each(check_expr)?;
                for b in &class.bases {
                    if let ExprKind::Starred { .. } = b.kind {
                        return unsupported("`*` in class bases is", 2, b.loc);
                    }
                    check_expr(b)?;
                }
                for k in &class.keywords {
                    if k.arg.is_none() {
                        return unsupported("`**` in class keywords is", 2, k.loc);
                    }
                    check_expr(&k.value)?;
                }
                Ok(())
            }
            StmtKind::Return(value) => value.iter().try_for_each(check_expr),
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.del_target(t)),
            StmtKind::Assign { targets, value } => {
                targets.iter().try_for_each(check_target)?;
                check_expr(value)
            }
            StmtKind::AugAssign { target, value, .. } => {
                check_target(target)?;
                check_expr(value)
            }
            StmtKind::AnnAssign { .. } => unsupported("annotations are", 2, loc),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                check_target(target)?;
                check_expr(iter)?;
                self.block(body)?;
                self.block(orelse)
            }
            StmtKind::While { test, body, orelse } => {
                check_expr(test)?;
                self.block(body)?;
                self.block(orelse)
            }
            StmtKind::If { test, body, orelse } => {
                // Along the `elif`s (each the lone statement of the `orelse`
                // before it) without recursion: CPython accepts ~3,000 of them.
                let (mut test, mut body, mut orelse) = (test, body, orelse);
                loop {
                    check_expr(test)?;
                    self.block(body)?;
                    match orelse.as_slice() {
                        [Stmt {
                            kind:
                                StmtKind::If {
                                    test: elif_test,
                                    body: elif_body,
                                    orelse: elif_orelse,
                                },
                            ..
                        }] => (test, body, orelse) = (elif_test, elif_body, elif_orelse),
                        _ => return self.block(orelse),
                    }
                }
            }
            StmtKind::Raise { exc, cause } => {
                exc.iter().try_for_each(check_expr)?;
                cause.iter().try_for_each(check_expr)
            }
            StmtKind::Assert { test, msg } => {
                check_expr(test)?;
                msg.iter().try_for_each(check_expr)
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.block(body)?;
                for h in handlers {
                    self.handler_name(h)?;
                    h.type_.iter().try_for_each(check_expr)?;
                    self.block(&h.body)?;
                }
                self.block(orelse)?;
                self.block(finalbody)
            }
            StmtKind::Import(_) | StmtKind::ImportFrom { .. } => Ok(()),
            StmtKind::Global(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue => Ok(()),
            StmtKind::Expr(e) => check_expr(e),
        }
    }
}

fn check_arguments(args: &Arguments) -> Check {
    check_annotations(args)?;
    args.defaults.iter().try_for_each(check_expr)?;
    args.kw_defaults.iter().flatten().try_for_each(check_expr)
}

/// Parameters with annotations are not translated yet.
fn check_annotations(args: &Arguments) -> Check {
    let all = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.vararg)
        .chain(&args.kwonlyargs)
        .chain(&args.kwarg);
    for arg in all {
        if let Some(a) = &arg.annotation {
            return unsupported("annotations are", 2, a.loc);
        }
    }
    Ok(())
}

/// Whether the back end translates the assignment target `target`.
pub fn target_supported(target: &Expr) -> bool {
    check_target(target).is_ok()
}

/// An assignment target: names, subscripts, attributes, and tuples or lists
/// of them (no starred targets yet).
fn check_target(target: &Expr) -> Check {
    match &target.kind {
        ExprKind::Name { .. } => Ok(()),
        ExprKind::Attribute { value, .. } => check_expr(value),
        ExprKind::Subscript { value, slice, .. } => {
            check_expr(value)?;
            check_expr(slice)
        }
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            elts.iter().try_for_each(check_target)
        }
        // Only inside a tuple or list target (the parser rejects a bare or
        // doubled star); codegen has already checked that.
        ExprKind::Starred { value, .. } => check_target(value),
        // The parser rejects other targets; stay total anyway.
        _ => check_expr(target),
    }
}

/// Checks `root` and every expression in it that runs in this unit, in
/// source order (pre-order, as the recursive walk would), with an explicit
/// stack: an expression nested 3,000 deep (python3 compiles a 2,992-term
/// `x + x + ...`) needs no stack frame per level here.
fn check_expr(root: &Expr) -> Check {
    let mut stack: Vec<&Expr> = vec![root];
    while let Some(expr) = stack.pop() {
        let loc = expr.loc;
        // Children are pushed in source order, then reversed in place so
        // that the first one is checked next.
        let first_child = stack.len();
        match &expr.kind {
            ExprKind::BoolOp { values, .. } => stack.extend(values),
            ExprKind::NamedExpr { .. } => {
                return unsupported("assignment expressions (`:=`) are", 2, loc)
            }
            ExprKind::BinOp { left, right, .. } => stack.extend([&**left, &**right]),
            ExprKind::UnaryOp { operand, .. } => stack.push(operand),
            ExprKind::Lambda { args, .. } => {
                // The body is a unit of its own.
                check_annotations(args)?;
                stack.extend(&args.defaults);
                stack.extend(args.kw_defaults.iter().flatten());
            }
            ExprKind::IfExp { test, body, orelse } => {
                stack.extend([&**test, &**body, &**orelse]);
            }
            ExprKind::Dict { keys, values } => {
                for (key, value) in keys.iter().zip(values) {
                    stack.extend(key);
                    stack.push(value);
                }
            }
            ExprKind::Set(elts) => stack.extend(elts),
            ExprKind::ListComp { generators, .. }
            | ExprKind::SetComp { generators, .. }
            | ExprKind::DictComp { generators, .. }
            | ExprKind::GeneratorExp { generators, .. } => {
                // Only the first iterable runs here; the rest is the
                // comprehension's own code object.
                if let Some(first) = generators.first() {
                    stack.push(&first.iter);
                }
            }
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) => {
                return unsupported("yield expressions are", 3, loc)
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                stack.push(left);
                stack.extend(comparators);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                stack.push(func);
                stack.extend(args);
                stack.extend(keywords.iter().map(|k| &k.value));
            }
            ExprKind::JoinedStr(values) => stack.extend(values),
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                stack.push(value);
                stack.extend(format_spec.iter().map(|b| &**b));
            }
            ExprKind::Constant(_) => {}
            ExprKind::Attribute { value, .. } => stack.push(value),
            ExprKind::Subscript { value, slice, .. } => stack.extend([&**value, &**slice]),
            ExprKind::Starred { value, ctx } => {
                if *ctx == ExprContext::Store {
                    return unsupported("starred assignment targets are", 2, loc);
                }
                stack.push(value);
            }
            ExprKind::Name { .. } => {}
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => stack.extend(elts),
            ExprKind::Slice { lower, upper, step } => {
                stack.extend([lower, upper, step].into_iter().flatten().map(|e| &**e));
            }
        }
        if let Some(children) = stack.get_mut(first_child..) {
            children.reverse();
        }
    }
    Ok(())
}
