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
        StmtKind::Assert { .. } => unsupported("'assert' statements are", 2, loc),
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
    check_annotations(args)?;
    args.defaults.iter().try_for_each(check_expr)?;
    args.kw_defaults.iter().flatten().try_for_each(check_expr)
}

/// Parameters with annotations are not translated yet.
fn check_annotations(args: &Arguments) -> CompileResult<()> {
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

/// Checks `root` and every expression in it, in source order (pre-order,
/// as the recursive walk would), with an explicit stack: an expression
/// nested 3,000 deep (python3 compiles a 2,992-term `x + x + ...`) needs no
/// stack frame per level here.
fn check_expr(root: &Expr) -> CompileResult<()> {
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
            ExprKind::Lambda { args, body } => {
                check_annotations(args)?;
                stack.extend(&args.defaults);
                stack.extend(args.kw_defaults.iter().flatten());
                stack.push(body);
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
            ExprKind::Set(_) => return unsupported("set displays are", 2, loc),
            ExprKind::ListComp { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::DictComp { .. }
            | ExprKind::GeneratorExp { .. } => return unsupported("comprehensions are", 2, loc),
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
            ExprKind::FormattedValue { .. } | ExprKind::JoinedStr(_) => {
                return unsupported("f-strings are", 2, loc)
            }
            ExprKind::Constant(c) => match c {
                Constant::Complex(_) => return unsupported("complex numbers are", 3, loc),
                Constant::Bytes(_) => return unsupported("bytes literals are", 3, loc),
                Constant::Ellipsis => return unsupported("`...` (Ellipsis) literals are", 3, loc),
                _ => {}
            },
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
