//! Every statement and expression of a module, without recursion (a deeply
//! nested expression must not overflow the stack).
//!
//! ```
//! use py_fn_compiler::{parse, walk::{walk, Node}};
//! let module = parse("def f(a=1):\n    return [a * 2j]\n").unwrap();
//! let mut exprs = 0;
//! walk(&module.body, |n| exprs += matches!(n, Node::Expr(_)) as usize);
//! assert_eq!(exprs, 5); // 1, [a * 2j], a * 2j, a, 2j
//! ```

use crate::ast::{Arguments, Expr, ExprKind, Stmt, StmtKind};

/// A node [`walk`] visits.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    /// A statement (visited before its parts).
    Stmt(&'a Stmt),
    /// An expression (visited before its parts).
    Expr(&'a Expr),
}

/// Calls `visit` on every statement of `body` and every expression in it,
/// nested functions, classes, lambdas and comprehensions included
/// (parameter defaults, annotations, decorators, bases, keyword values).
/// The order is a depth-first one, not source order.
pub fn walk<'a>(body: &'a [Stmt], mut visit: impl FnMut(Node<'a>)) {
    let mut stmts: Vec<&'a Stmt> = body.iter().rev().collect();
    let mut exprs: Vec<&'a Expr> = Vec::new();
    loop {
        if let Some(s) = stmts.pop() {
            visit(Node::Stmt(s));
            stmt_children(s, &mut stmts, &mut exprs);
        } else if let Some(e) = exprs.pop() {
            visit(Node::Expr(e));
            expr_children(e, &mut exprs);
        } else {
            return;
        }
    }
}

fn arguments<'a>(a: &'a Arguments, exprs: &mut Vec<&'a Expr>) {
    exprs.extend(&a.defaults);
    exprs.extend(a.kw_defaults.iter().flatten());
    let params = a.posonlyargs.iter().chain(&a.args).chain(&a.vararg);
    let params = params.chain(&a.kwonlyargs).chain(&a.kwarg);
    exprs.extend(params.filter_map(|p| p.annotation.as_deref()));
}

fn stmt_children<'a>(s: &'a Stmt, stmts: &mut Vec<&'a Stmt>, exprs: &mut Vec<&'a Expr>) {
    match &s.kind {
        StmtKind::FunctionDef(f) => {
            arguments(&f.args, exprs);
            exprs.extend(&f.decorator_list);
            exprs.extend(&f.returns);
            stmts.extend(&f.body);
        }
        StmtKind::ClassDef(c) => {
            exprs.extend(&c.bases);
            exprs.extend(c.keywords.iter().map(|k| &k.value));
            exprs.extend(&c.decorator_list);
            stmts.extend(&c.body);
        }
        StmtKind::Return(v) => exprs.extend(v),
        StmtKind::Delete(targets) => exprs.extend(targets),
        StmtKind::Assign { targets, value } => {
            exprs.extend(targets);
            exprs.push(value);
        }
        StmtKind::AugAssign { target, value, .. } => exprs.extend([target, value]),
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
            ..
        } => {
            exprs.extend([target, annotation]);
            exprs.extend(value);
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => {
            exprs.extend([target, iter]);
            stmts.extend(body.iter().chain(orelse));
        }
        StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
            exprs.push(test);
            stmts.extend(body.iter().chain(orelse));
        }
        StmtKind::Raise { exc, cause } => exprs.extend(exc.iter().chain(cause)),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            stmts.extend(body.iter().chain(orelse).chain(finalbody));
            for h in handlers {
                exprs.extend(&h.type_);
                stmts.extend(&h.body);
            }
        }
        StmtKind::Assert { test, msg } => {
            exprs.push(test);
            exprs.extend(msg);
        }
        StmtKind::Expr(e) => exprs.push(e),
        StmtKind::Import(_)
        | StmtKind::ImportFrom { .. }
        | StmtKind::Global(_)
        | StmtKind::Nonlocal(_)
        | StmtKind::Pass
        | StmtKind::Break
        | StmtKind::Continue => {}
    }
}

fn expr_children<'a>(e: &'a Expr, exprs: &mut Vec<&'a Expr>) {
    match &e.kind {
        ExprKind::Name { .. } | ExprKind::Constant(_) => {}
        ExprKind::Attribute { value, .. } => exprs.push(value),
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            exprs.push(func);
            exprs.extend(args);
            exprs.extend(keywords.iter().map(|k| &k.value));
        }
        ExprKind::Lambda { args, body } => {
            arguments(args, exprs);
            exprs.push(body);
        }
        ExprKind::BoolOp { values, .. } => exprs.extend(values),
        ExprKind::NamedExpr { target, value } => exprs.extend([&**target, &**value]),
        ExprKind::BinOp { left, right, .. } => exprs.extend([&**left, &**right]),
        ExprKind::UnaryOp { operand, .. } => exprs.push(operand),
        ExprKind::IfExp { test, body, orelse } => exprs.extend([&**test, &**body, &**orelse]),
        ExprKind::Dict { keys, values } => {
            exprs.extend(keys.iter().flatten());
            exprs.extend(values);
        }
        ExprKind::Set(elts)
        | ExprKind::JoinedStr(elts)
        | ExprKind::List { elts, .. }
        | ExprKind::Tuple { elts, .. } => exprs.extend(elts),
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            exprs.push(elt);
            for g in generators {
                exprs.extend([&g.target, &g.iter]);
                exprs.extend(&g.ifs);
            }
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            exprs.extend([&**key, &**value]);
            for g in generators {
                exprs.extend([&g.target, &g.iter]);
                exprs.extend(&g.ifs);
            }
        }
        ExprKind::Yield(v) => exprs.extend(v.as_deref()),
        ExprKind::YieldFrom(v) => exprs.push(v),
        ExprKind::Compare {
            left, comparators, ..
        } => {
            exprs.push(left);
            exprs.extend(comparators);
        }
        ExprKind::FormattedValue {
            value, format_spec, ..
        } => {
            exprs.push(value);
            exprs.extend(format_spec.as_deref());
        }
        ExprKind::Subscript { value, slice, .. } => exprs.extend([&**value, &**slice]),
        ExprKind::Starred { value, .. } => exprs.push(value),
        ExprKind::Slice { lower, upper, step } => {
            exprs.extend([lower, upper, step].into_iter().flatten().map(|e| &**e))
        }
    }
}
