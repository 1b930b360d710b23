//! The first construct (in source order) that the native back end does not
//! translate yet: a `CompileError::unsupported` naming it and its tier.

use crate::ast::{Arguments, Constant, Expr, ExprContext, ExprKind, Stmt, StmtKind};
use crate::error::{CompileError, CompileResult};

/// Checks every statement of `body` (and everything nested in it).
pub fn check_block(body: &[Stmt]) -> CompileResult<()> {
    for stmt in body {
        check_stmt(stmt)?;
    }
    Ok(())
}

fn unsupported<T>(what: &str, tier: u8, loc: crate::ast::Loc) -> CompileResult<T> {
    Err(CompileError::unsupported(what, tier, loc))
}

fn check_stmt(stmt: &Stmt) -> CompileResult<()> {
    let loc = stmt.loc;
    match &stmt.kind {
        StmtKind::FunctionDef(def) => {
            if let Some(d) = def.decorator_list.first() {
                return unsupported("decorators are", 2, d.loc);
            }
            check_arguments(&def.args)?;
            if let Some(r) = &def.returns {
                return unsupported("annotations are", 2, r.loc);
            }
            check_block(&def.body)
        }
        StmtKind::ClassDef(_) => unsupported("class definitions are", 2, loc),
        StmtKind::Return(value) => value.iter().try_for_each(check_expr),
        StmtKind::Delete(_) => unsupported("del statements are", 2, loc),
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
            check_block(body)?;
            check_block(orelse)
        }
        StmtKind::While { test, body, orelse } => {
            check_expr(test)?;
            check_block(body)?;
            check_block(orelse)
        }
        StmtKind::If { test, body, orelse } => {
            // Along the `elif`s (each the lone statement of the `orelse`
            // before it) without recursion: CPython accepts ~3,000 of them.
            let (mut test, mut body, mut orelse) = (test, body, orelse);
            loop {
                check_expr(test)?;
                check_block(body)?;
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
                    _ => return check_block(orelse),
                }
            }
        }
        StmtKind::Raise { .. } => unsupported("raise statements are", 2, loc),
        StmtKind::Try { .. } => unsupported("try statements are", 2, loc),
        StmtKind::Import(_) | StmtKind::ImportFrom { .. } => {
            unsupported("import statements are", 3, loc)
        }
        StmtKind::Global(_)
        | StmtKind::Nonlocal(_)
        | StmtKind::Pass
        | StmtKind::Break
        | StmtKind::Continue => Ok(()),
        StmtKind::Expr(e) => check_expr(e),
    }
}

fn check_arguments(args: &Arguments) -> CompileResult<()> {
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
    args.defaults.iter().try_for_each(check_expr)?;
    args.kw_defaults.iter().flatten().try_for_each(check_expr)
}

/// An assignment target: names, subscripts, attributes, and tuples or lists
/// of them (no starred targets yet).
fn check_target(target: &Expr) -> CompileResult<()> {
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

fn check_expr(expr: &Expr) -> CompileResult<()> {
    let loc = expr.loc;
    match &expr.kind {
        ExprKind::BoolOp { values, .. } => values.iter().try_for_each(check_expr),
        ExprKind::NamedExpr { .. } => unsupported("assignment expressions (`:=`) are", 2, loc),
        ExprKind::BinOp { left, right, .. } => {
            check_expr(left)?;
            check_expr(right)
        }
        ExprKind::UnaryOp { operand, .. } => check_expr(operand),
        ExprKind::Lambda { args, body } => {
            check_arguments(args)?;
            check_expr(body)
        }
        ExprKind::IfExp { test, body, orelse } => {
            check_expr(test)?;
            check_expr(body)?;
            check_expr(orelse)
        }
        ExprKind::Dict { keys, values } => {
            for (key, value) in keys.iter().zip(values) {
                if let Some(k) = key {
                    check_expr(k)?;
                }
                check_expr(value)?;
            }
            Ok(())
        }
        ExprKind::Set(_) => unsupported("set displays are", 2, loc),
        ExprKind::ListComp { .. } => unsupported("comprehensions are", 2, loc),
        ExprKind::SetComp { .. } => unsupported("comprehensions are", 2, loc),
        ExprKind::DictComp { .. } => unsupported("comprehensions are", 2, loc),
        ExprKind::GeneratorExp { .. } => unsupported("comprehensions are", 2, loc),
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => unsupported("yield expressions are", 3, loc),
        ExprKind::Compare {
            left, comparators, ..
        } => {
            check_expr(left)?;
            comparators.iter().try_for_each(check_expr)
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            check_expr(func)?;
            args.iter().try_for_each(check_expr)?;
            keywords.iter().try_for_each(|k| check_expr(&k.value))
        }
        ExprKind::FormattedValue { .. } | ExprKind::JoinedStr(_) => {
            unsupported("f-strings are", 2, loc)
        }
        ExprKind::Constant(c) => match c {
            Constant::Complex(_) => unsupported("complex numbers are", 3, loc),
            Constant::Bytes(_) => unsupported("bytes literals are", 3, loc),
            Constant::Ellipsis => unsupported("`...` (Ellipsis) literals are", 3, loc),
            _ => Ok(()),
        },
        ExprKind::Attribute { value, .. } => check_expr(value),
        ExprKind::Subscript { value, slice, .. } => {
            check_expr(value)?;
            check_expr(slice)
        }
        ExprKind::Starred { value, ctx } => {
            if *ctx == ExprContext::Store {
                return unsupported("starred assignment targets are", 2, loc);
            }
            check_expr(value)
        }
        ExprKind::Name { .. } => Ok(()),
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
            elts.iter().try_for_each(check_expr)
        }
        ExprKind::Slice { lower, upper, step } => {
            for part in [lower, upper, step].into_iter().flatten() {
                check_expr(part)?;
            }
            Ok(())
        }
    }
}
