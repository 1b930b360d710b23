//! Assignment and deletion targets: setting `Store`/`Del` contexts as
//! CPython's `_PyPegen_set_expr_context`, and the invalid-target errors of
//! `invalid_assignment`, `invalid_del_stmt`, `invalid_for_target`, ...

use super::{PResult, Parser};
use crate::ast::{Constant, Expr, ExprContext, ExprKind};
use crate::error::CompileError;

/// CPython's `_PyPegen_get_expr_name`: how an error names an expression.
pub(crate) fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant(c) => match c {
            Constant::None => "None",
            Constant::Bool(true) => "True",
            Constant::Bool(false) => "False",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// The first sub-expression that cannot be a target
/// (`_PyPegen_get_invalid_target`); `None` when all is valid.
fn invalid_target(e: &Expr, del: bool) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            elts.iter().find_map(|x| invalid_target(x, del))
        }
        ExprKind::Starred { value, .. } => {
            if del {
                Some(e)
            } else {
                invalid_target(value, del)
            }
        }
        ExprKind::Compare { left, .. } if !del => {
            // `for x in y` read as a comparison: CPython points at the left side.
            invalid_target(left, del).or(Some(e))
        }
        _ => Some(e),
    }
}

/// Whether CPython's `invalid_named_expression` can see `e` as the
/// `bitwise_or` before a `=` (lists, tuples, generator expressions and
/// `True`/`None`/`False` excluded, as there).
pub(crate) fn is_bitwise_or_level(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::List { .. }
            | ExprKind::Tuple { .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::IfExp { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::Compare { .. }
            | ExprKind::NamedExpr { .. }
            | ExprKind::Starred { .. }
            | ExprKind::Yield(_)
            | ExprKind::YieldFrom(_)
            | ExprKind::UnaryOp {
                op: crate::ast::UnaryOp::Not,
                ..
            }
    )
}

/// Whether `e` can be assigned to (a `for` or assignment target).
pub(crate) fn is_valid_target(e: &Expr) -> bool {
    invalid_target(e, false).is_none()
}

/// Sets `ctx` on a valid target, recursively.
fn with_ctx(mut e: Expr, ctx: ExprContext) -> Expr {
    let loc = e.loc;
    let kind = match e.take_kind() {
        ExprKind::Name { id, .. } => ExprKind::Name { id, ctx },
        ExprKind::Attribute { value, attr, .. } => ExprKind::Attribute { value, attr, ctx },
        ExprKind::Subscript { value, slice, .. } => ExprKind::Subscript { value, slice, ctx },
        ExprKind::Starred { value, .. } => ExprKind::Starred {
            value: Box::new(with_ctx(*value, ctx)),
            ctx,
        },
        ExprKind::Tuple { elts, .. } => ExprKind::Tuple {
            elts: elts.into_iter().map(|x| with_ctx(x, ctx)).collect(),
            ctx,
        },
        ExprKind::List { elts, .. } => ExprKind::List {
            elts: elts.into_iter().map(|x| with_ctx(x, ctx)).collect(),
            ctx,
        },
        other => other,
    };
    Expr { kind, loc }
}

impl Parser {
    fn check_target(&self, e: &Expr, suffix: bool) -> PResult<()> {
        if let Some(bad) = invalid_target(e, false) {
            let what = expr_name(bad);
            let keyword_const = matches!(
                bad.kind,
                ExprKind::Constant(Constant::None) | ExprKind::Constant(Constant::Bool(_))
            );
            let msg = if suffix && !keyword_const {
                format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?")
            } else {
                format!("cannot assign to {what}")
            };
            return Err(CompileError::syntax(msg, bad.loc));
        }
        Ok(())
    }

    /// A target of `=` (the whole left side of one `=`). `first_single` tells
    /// whether this is the only target, where CPython adds "Maybe you meant
    /// '=='" for a bad target right before the `=`.
    pub(crate) fn set_store_assign(&mut self, e: Expr, first_single: bool) -> PResult<Expr> {
        if let ExprKind::Yield(_) | ExprKind::YieldFrom(_) = e.kind {
            return Err(CompileError::syntax(
                "assignment to yield expression not possible",
                e.loc,
            ));
        }
        if invalid_target(&e, false).is_some() {
            // The expression right before `=`: the target itself, or the last
            // element of a tuple without parentheses.
            let suffix = first_single
                && match &e.kind {
                    ExprKind::Tuple { elts, .. } => {
                        let bare = elts
                            .first()
                            .map(|f| f.loc.col == e.loc.col && f.loc.line == e.loc.line)
                            .unwrap_or(false);
                        bare && elts.last().is_some_and(|l| {
                            invalid_target(l, false).is_some_and(|b| std::ptr::eq(b, l))
                                && is_bitwise_or_level(l)
                        }) && elts
                            .iter()
                            .rev()
                            .skip(1)
                            .all(|x| invalid_target(x, false).is_none())
                    }
                    _ => is_bitwise_or_level(&e),
                };
            self.check_target(&e, suffix)?;
        }
        Ok(with_ctx(e, ExprContext::Store))
    }

    /// A `for` or comprehension target.
    pub(crate) fn set_store_for(&mut self, e: Expr) -> PResult<Expr> {
        self.check_target(&e, false)?;
        Ok(with_ctx(e, ExprContext::Store))
    }

    /// A `del` target.
    pub(crate) fn set_del(&mut self, e: Expr) -> PResult<Expr> {
        if let Some(bad) = invalid_target(&e, true) {
            return Err(CompileError::syntax(
                format!("cannot delete {}", expr_name(bad)),
                bad.loc,
            ));
        }
        Ok(with_ctx(e, ExprContext::Del))
    }

    /// The target of an augmented assignment: a name, attribute or subscript.
    pub(crate) fn set_aug_target(&mut self, e: Expr) -> PResult<Expr> {
        match e.kind {
            ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                Ok(with_ctx(e, ExprContext::Store))
            }
            _ => Err(CompileError::syntax(
                format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_name(&e)
                ),
                e.loc,
            )),
        }
    }

    /// The target of an annotated assignment.
    pub(crate) fn set_ann_target(&mut self, e: Expr) -> PResult<Expr> {
        match &e.kind {
            ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                Ok(with_ctx(e, ExprContext::Store))
            }
            ExprKind::Tuple { elts, .. } => {
                let bare = elts
                    .first()
                    .is_some_and(|f| f.loc.col == e.loc.col && f.loc.line == e.loc.line);
                let loc = if bare {
                    elts.first().map(|f| f.loc).unwrap_or(e.loc)
                } else {
                    e.loc
                };
                Err(CompileError::syntax(
                    "only single target (not tuple) can be annotated",
                    loc,
                ))
            }
            ExprKind::List { .. } => Err(CompileError::syntax(
                "only single target (not list) can be annotated",
                e.loc,
            )),
            _ => Err(CompileError::syntax("illegal target for annotation", e.loc)),
        }
    }
}
