//! Constant folding on the AST, as CPython 3.11's `Python/ast_opt.c` does it
//! before code generation: unary and binary operators on constants (with
//! its size limits), tuples of constants, constant subscripts, `not` of a
//! single `is`/`in` comparison, list/set literals iterated by `for` or
//! tested by `in`, simple `%` formatting, and `__debug__`.
//!
//! A folded tuple stays an [`ExprKind::Tuple`] whose elements are all
//! constants (the AST's [`Constant`] has no tuple case); [`is_constant`]
//! and [`as_constant`] treat such a tuple as the single constant CPython
//! would have built.

use std::borrow::Cow;

use num_bigint::{BigInt, Sign};

use crate::ast::{
    Arguments, CmpOp, Constant, Expr, ExprContext, ExprKind, Keyword, Loc, Module, Operator, Stmt,
    StmtKind, UnaryOp,
};
use py_fn_bytecode::Constant as BConst;

/// `MAX_INT_SIZE` (bits).
const MAX_INT_SIZE: u64 = 128;
/// `MAX_COLLECTION_SIZE`.
const MAX_COLLECTION_SIZE: i64 = 256;
/// `MAX_STR_SIZE`.
const MAX_STR_SIZE: i64 = 4096;
/// `MAX_TOTAL_ITEMS`.
const MAX_TOTAL_ITEMS: i64 = 1024;

/// Folds a copy of `module` (`_PyAST_Optimize`).
pub fn fold_module(module: &Module) -> Module {
    let mut m = module.clone();
    fold_body(&mut m.body);
    m
}

/// True when `e` is a constant after folding (a literal, or a load-context
/// tuple of constants).
pub fn is_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Constant(_) => true,
        ExprKind::Tuple {
            elts,
            ctx: ExprContext::Load,
        } => elts.iter().all(is_constant),
        _ => false,
    }
}

/// The `co_consts` entry a constant expression loads.
pub fn as_constant(e: &Expr) -> Option<BConst> {
    match &e.kind {
        ExprKind::Constant(c) => Some(ast_const_to_bytecode(c)),
        ExprKind::Tuple {
            elts,
            ctx: ExprContext::Load,
        } => {
            let mut out = Vec::with_capacity(elts.len());
            for x in elts {
                out.push(as_constant(x)?);
            }
            Some(BConst::Tuple(Cow::Owned(out)))
        }
        _ => None,
    }
}

/// `fold_iter`'s set case: a set display of constants iterated by `for`
/// or a comprehension, or tested by `in` / `not in`, is the constant
/// `frozenset` of its items (returned here in source order). The AST has
/// no frozenset constant, so the code generator asks this where
/// `ast_opt.c` would have folded.
pub fn folded_set(e: &Expr) -> Option<Vec<BConst>> {
    let ExprKind::Set(elts) = &e.kind else {
        return None;
    };
    let mut items = Vec::with_capacity(elts.len());
    for x in elts {
        items.push(as_constant(x)?);
    }
    Some(items)
}

/// Converts an AST literal into a code-object constant.
pub fn ast_const_to_bytecode(c: &Constant) -> BConst {
    match c {
        Constant::None => BConst::None,
        Constant::Bool(b) => BConst::Bool(*b),
        Constant::Int(i) => match i64::try_from(i) {
            Ok(v) => BConst::Int(v),
            Err(_) => BConst::BigInt(Cow::Owned(i.to_string())),
        },
        Constant::Float(f) => BConst::Float(*f),
        Constant::Complex(f) => BConst::Complex(*f),
        Constant::Str(s) => BConst::Str(Cow::Owned(s.clone())),
        Constant::Bytes(b) => BConst::Bytes(Cow::Owned(b.clone())),
        Constant::Ellipsis => BConst::Ellipsis,
    }
}

// ----- values ------------------------------------------------------------------

/// A constant value during folding.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    None,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    Complex(f64),
    Str(String),
    Bytes(Vec<u8>),
    Ellipsis,
    Tuple(Vec<Val>),
}

fn val_of(e: &Expr) -> Option<Val> {
    match &e.kind {
        ExprKind::Constant(c) => Some(match c {
            Constant::None => Val::None,
            Constant::Bool(b) => Val::Bool(*b),
            Constant::Int(i) => Val::Int(i.clone()),
            Constant::Float(f) => Val::Float(*f),
            Constant::Complex(f) => Val::Complex(*f),
            Constant::Str(s) => Val::Str(s.clone()),
            Constant::Bytes(b) => Val::Bytes(b.clone()),
            Constant::Ellipsis => Val::Ellipsis,
        }),
        ExprKind::Tuple {
            elts,
            ctx: ExprContext::Load,
        } => {
            let mut out = Vec::new();
            for x in elts {
                out.push(val_of(x)?);
            }
            Some(Val::Tuple(out))
        }
        _ => None,
    }
}

fn expr_of(v: Val, loc: Loc) -> Expr {
    let kind = match v {
        Val::None => ExprKind::Constant(Constant::None),
        Val::Bool(b) => ExprKind::Constant(Constant::Bool(b)),
        Val::Int(i) => ExprKind::Constant(Constant::Int(i)),
        Val::Float(f) => ExprKind::Constant(Constant::Float(f)),
        Val::Complex(f) => ExprKind::Constant(Constant::Complex(f)),
        Val::Str(s) => ExprKind::Constant(Constant::Str(s)),
        Val::Bytes(b) => ExprKind::Constant(Constant::Bytes(b)),
        Val::Ellipsis => ExprKind::Constant(Constant::Ellipsis),
        Val::Tuple(items) => ExprKind::Tuple {
            elts: items.into_iter().map(|x| expr_of(x, loc)).collect(),
            ctx: ExprContext::Load,
        },
    };
    Expr { kind, loc }
}

fn as_int(v: &Val) -> Option<BigInt> {
    match v {
        Val::Bool(b) => Some(BigInt::from(*b as u8)),
        Val::Int(i) => Some(i.clone()),
        _ => None,
    }
}

fn int_to_f64(i: &BigInt) -> Option<f64> {
    let f: f64 = i.to_string().parse().ok()?;
    if f.is_finite() {
        Some(f)
    } else {
        None
    }
}

fn as_float(v: &Val) -> Option<f64> {
    match v {
        Val::Float(f) => Some(*f),
        _ => as_int(v).and_then(|i| int_to_f64(&i)),
    }
}

fn is_zero(i: &BigInt) -> bool {
    i.sign() == Sign::NoSign
}

fn is_neg(i: &BigInt) -> bool {
    i.sign() == Sign::Minus
}

fn truthy(v: &Val) -> bool {
    match v {
        Val::None => false,
        Val::Bool(b) => *b,
        Val::Int(i) => !is_zero(i),
        Val::Float(f) => *f != 0.0,
        Val::Complex(f) => *f != 0.0,
        Val::Str(s) => !s.is_empty(),
        Val::Bytes(b) => !b.is_empty(),
        Val::Ellipsis => true,
        Val::Tuple(t) => !t.is_empty(),
    }
}

fn floor_divmod(a: &BigInt, b: &BigInt) -> Option<(BigInt, BigInt)> {
    if is_zero(b) {
        return None;
    }
    let mut q = a / b;
    let mut r = a % b;
    if !is_zero(&r) && (is_neg(&r) != is_neg(b)) {
        q -= 1;
        r += b;
    }
    Some((q, r))
}

fn float_divmod(vx: f64, wx: f64) -> Option<(f64, f64)> {
    if wx == 0.0 {
        return None;
    }
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    Some((floordiv, m))
}

fn float_pow(v: f64, w: f64) -> Option<f64> {
    if v == 0.0 && w < 0.0 {
        return None;
    }
    if v < 0.0 && w != w.floor() {
        return None;
    }
    let r = v.powf(w);
    if r.is_finite() || !v.is_finite() || !w.is_finite() {
        Some(r)
    } else {
        None
    }
}

fn int_true_div(a: &BigInt, b: &BigInt) -> Option<f64> {
    if is_zero(b) {
        return None;
    }
    let fa = int_to_f64(a)?;
    let fb = int_to_f64(b)?;
    Some(fa / fb)
}

/// `check_complexity`.
fn check_complexity(v: &Val, mut limit: i64) -> i64 {
    if let Val::Tuple(items) = v {
        limit -= items.len() as i64;
        for it in items {
            if limit < 0 {
                break;
            }
            limit = check_complexity(it, limit);
        }
    }
    limit
}

fn small(i: &BigInt) -> Option<i64> {
    i64::try_from(i).ok()
}

/// `safe_multiply`.
fn safe_multiply(v: &Val, w: &Val) -> Option<Val> {
    let vi = as_int(v);
    let wi = as_int(w);
    if let (Some(a), Some(b)) = (&vi, &wi) {
        if !is_zero(a) && !is_zero(b) && a.bits() + b.bits() > MAX_INT_SIZE {
            return None;
        }
        return Some(Val::Int(a * b));
    }
    if let Some(n) = &vi {
        let size = match w {
            Val::Tuple(t) => Some(t.len() as i64),
            Val::Str(s) => Some(s.chars().count() as i64),
            Val::Bytes(b) => Some(b.len() as i64),
            _ => None,
        };
        if let Some(size) = size {
            let n = small(n)?;
            if size > 0 {
                let limit = if matches!(w, Val::Tuple(_)) {
                    MAX_COLLECTION_SIZE
                } else {
                    MAX_STR_SIZE
                };
                if n < 0 || n > limit / size {
                    return None;
                }
                if matches!(w, Val::Tuple(_))
                    && n > 0
                    && check_complexity(w, MAX_TOTAL_ITEMS / n) < 0
                {
                    return None;
                }
            }
            let count = n.max(0) as usize;
            return Some(match w {
                Val::Tuple(t) => {
                    Val::Tuple(t.iter().cloned().cycle().take(t.len() * count).collect())
                }
                Val::Str(s) => Val::Str(s.repeat(count)),
                Val::Bytes(b) => Val::Bytes(b.repeat(count)),
                _ => return None,
            });
        }
    }
    if wi.is_some() && matches!(v, Val::Tuple(_) | Val::Str(_) | Val::Bytes(_)) {
        return safe_multiply(w, v);
    }
    numeric(v, w, |a, b| Some(a * b), |a, b| Some(a * b))
}

/// Applies an int or float operation with Python's coercions (bool and int
/// to float when either side is a float). Complex operands are not folded.
fn numeric(
    v: &Val,
    w: &Val,
    iop: impl Fn(&BigInt, &BigInt) -> Option<BigInt>,
    fop: impl Fn(f64, f64) -> Option<f64>,
) -> Option<Val> {
    if let (Some(a), Some(b)) = (as_int(v), as_int(w)) {
        return iop(&a, &b).map(Val::Int);
    }
    if matches!(v, Val::Float(_)) || matches!(w, Val::Float(_)) {
        let a = as_float(v)?;
        let b = as_float(w)?;
        return fop(a, b).map(Val::Float);
    }
    None
}

fn bitwise(v: &Val, w: &Val, op: Operator) -> Option<Val> {
    if let (Val::Bool(a), Val::Bool(b)) = (v, w) {
        return Some(Val::Bool(match op {
            Operator::BitAnd => a & b,
            Operator::BitOr => a | b,
            _ => a ^ b,
        }));
    }
    let a = as_int(v)?;
    let b = as_int(w)?;
    Some(Val::Int(match op {
        Operator::BitAnd => a & b,
        Operator::BitOr => a | b,
        _ => a ^ b,
    }))
}

/// `fold_binop` on two constants.
fn binop(op: Operator, v: &Val, w: &Val) -> Option<Val> {
    match op {
        Operator::Add => match (v, w) {
            (Val::Str(a), Val::Str(b)) => Some(Val::Str(format!("{a}{b}"))),
            (Val::Bytes(a), Val::Bytes(b)) => {
                Some(Val::Bytes([a.as_slice(), b.as_slice()].concat()))
            }
            (Val::Tuple(a), Val::Tuple(b)) => {
                Some(Val::Tuple(a.iter().chain(b.iter()).cloned().collect()))
            }
            _ => numeric(v, w, |a, b| Some(a + b), |a, b| Some(a + b)),
        },
        Operator::Sub => numeric(v, w, |a, b| Some(a - b), |a, b| Some(a - b)),
        Operator::Mult => safe_multiply(v, w),
        Operator::Div => {
            if let (Some(a), Some(b)) = (as_int(v), as_int(w)) {
                return int_true_div(&a, &b).map(Val::Float);
            }
            numeric(
                v,
                w,
                |_, _| None,
                |a, b| if b == 0.0 { None } else { Some(a / b) },
            )
        }
        Operator::FloorDiv => numeric(
            v,
            w,
            |a, b| floor_divmod(a, b).map(|x| x.0),
            |a, b| float_divmod(a, b).map(|x| x.0),
        ),
        Operator::Mod => {
            if matches!(v, Val::Str(_) | Val::Bytes(_)) {
                return None;
            }
            numeric(
                v,
                w,
                |a, b| floor_divmod(a, b).map(|x| x.1),
                |a, b| float_divmod(a, b).map(|x| x.1),
            )
        }
        Operator::Pow => {
            if let (Some(a), Some(b)) = (as_int(v), as_int(w)) {
                if is_neg(&b) {
                    let fa = int_to_f64(&a)?;
                    let fb = int_to_f64(&b)?;
                    return float_pow(fa, fb).map(Val::Float);
                }
                if !is_zero(&a) && !is_zero(&b) {
                    let wbits = u64::try_from(&b).ok()?;
                    if a.bits() > MAX_INT_SIZE / wbits {
                        return None;
                    }
                }
                let e = u32::try_from(&b).ok()?;
                return Some(Val::Int(a.pow(e)));
            }
            numeric(v, w, |_, _| None, float_pow)
        }
        Operator::LShift => {
            let a = as_int(v)?;
            let b = as_int(w)?;
            if is_neg(&b) {
                return None;
            }
            if !is_zero(&a) && !is_zero(&b) {
                let wbits = u64::try_from(&b).ok()?;
                if wbits > MAX_INT_SIZE || a.bits() > MAX_INT_SIZE - wbits {
                    return None;
                }
            }
            let s = usize::try_from(&b).ok()?;
            Some(Val::Int(a << s))
        }
        Operator::RShift => {
            let a = as_int(v)?;
            let b = as_int(w)?;
            if is_neg(&b) {
                return None;
            }
            match usize::try_from(&b) {
                Ok(s) if s < 1 << 20 => Some(Val::Int(a >> s)),
                _ => Some(Val::Int(if is_neg(&a) {
                    BigInt::from(-1)
                } else {
                    BigInt::from(0)
                })),
            }
        }
        Operator::BitAnd | Operator::BitOr | Operator::BitXor => bitwise(v, w, op),
        Operator::MatMult => None,
    }
}

/// The unary operators of `fold_unaryop`.
fn unaryop(op: UnaryOp, v: &Val) -> Option<Val> {
    match op {
        UnaryOp::Not => Some(Val::Bool(!truthy(v))),
        UnaryOp::UAdd => match v {
            Val::Float(f) => Some(Val::Float(*f)),
            _ => as_int(v).map(Val::Int),
        },
        UnaryOp::USub => match v {
            Val::Float(f) => Some(Val::Float(-f)),
            _ => as_int(v).map(|i| Val::Int(-i)),
        },
        UnaryOp::Invert => as_int(v).map(|i| Val::Int(-i - 1)),
    }
}

/// `fold_subscr` on a constant container and index.
fn subscr(v: &Val, idx: &Val) -> Option<Val> {
    let i = as_int(idx)?;
    let i = small(&i)?;
    let pick = |len: usize| -> Option<usize> {
        let len = len as i64;
        let k = if i < 0 { i + len } else { i };
        if k < 0 || k >= len {
            None
        } else {
            Some(k as usize)
        }
    };
    match v {
        Val::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let k = pick(chars.len())?;
            Some(Val::Str(chars[k].to_string()))
        }
        Val::Bytes(b) => {
            let k = pick(b.len())?;
            Some(Val::Int(BigInt::from(b[k])))
        }
        Val::Tuple(t) => {
            let k = pick(t.len())?;
            Some(t[k].clone())
        }
        _ => None,
    }
}

// ----- the walk ----------------------------------------------------------------

/// `astfold_body`: folds each statement; a first statement that becomes a
/// string only by folding is wrapped so it is not taken as a docstring.
fn fold_body(stmts: &mut [Stmt]) {
    let had_doc = is_docstring(stmts);
    for s in stmts.iter_mut() {
        fold_stmt(s);
    }
    if !had_doc && is_docstring(stmts) {
        if let Some(Stmt {
            kind: StmtKind::Expr(e),
            loc,
        }) = stmts.first_mut()
        {
            let inner = e.clone();
            *e = Expr {
                kind: ExprKind::JoinedStr(vec![inner]),
                loc: *loc,
            };
        }
    }
}

fn is_docstring(stmts: &[Stmt]) -> bool {
    matches!(
        stmts.first().map(|s| &s.kind),
        Some(StmtKind::Expr(Expr {
            kind: ExprKind::Constant(Constant::Str(_)),
            ..
        }))
    )
}

fn fold_opt(e: &mut Option<Expr>) {
    if let Some(x) = e {
        fold_expr(x);
    }
}

fn fold_arguments(a: &mut Arguments) {
    for arg in a
        .posonlyargs
        .iter_mut()
        .chain(a.args.iter_mut())
        .chain(a.vararg.iter_mut())
        .chain(a.kwonlyargs.iter_mut())
        .chain(a.kwarg.iter_mut())
    {
        if let Some(ann) = &mut arg.annotation {
            fold_expr(ann);
        }
    }
    for d in a.kw_defaults.iter_mut() {
        fold_opt(d);
    }
    for d in a.defaults.iter_mut() {
        fold_expr(d);
    }
}

fn fold_keywords(ks: &mut [Keyword]) {
    for k in ks {
        fold_expr(&mut k.value);
    }
}

fn fold_stmt(s: &mut Stmt) {
    match &mut s.kind {
        StmtKind::FunctionDef(f) => {
            fold_arguments(&mut f.args);
            fold_body(&mut f.body);
            for d in f.decorator_list.iter_mut() {
                fold_expr(d);
            }
            fold_opt(&mut f.returns);
        }
        StmtKind::ClassDef(c) => {
            for b in c.bases.iter_mut() {
                fold_expr(b);
            }
            fold_keywords(&mut c.keywords);
            fold_body(&mut c.body);
            for d in c.decorator_list.iter_mut() {
                fold_expr(d);
            }
        }
        StmtKind::Return(v) => fold_opt(v),
        StmtKind::Delete(ts) => ts.iter_mut().for_each(fold_expr),
        StmtKind::Assign { targets, value } => {
            targets.iter_mut().for_each(fold_expr);
            fold_expr(value);
        }
        StmtKind::AugAssign { target, value, .. } => {
            fold_expr(target);
            fold_expr(value);
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
            ..
        } => {
            fold_expr(target);
            fold_expr(annotation);
            fold_opt(value);
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => {
            fold_expr(target);
            fold_expr(iter);
            body.iter_mut().for_each(fold_stmt);
            orelse.iter_mut().for_each(fold_stmt);
            fold_iter(iter);
        }
        StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
            fold_expr(test);
            body.iter_mut().for_each(fold_stmt);
            orelse.iter_mut().for_each(fold_stmt);
        }
        StmtKind::Raise { exc, cause } => {
            fold_opt(exc);
            fold_opt(cause);
        }
        StmtKind::Assert { test, msg } => {
            fold_expr(test);
            fold_opt(msg);
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            body.iter_mut().for_each(fold_stmt);
            for h in handlers.iter_mut() {
                fold_opt(&mut h.type_);
                h.body.iter_mut().for_each(fold_stmt);
            }
            orelse.iter_mut().for_each(fold_stmt);
            finalbody.iter_mut().for_each(fold_stmt);
        }
        StmtKind::Expr(e) => fold_expr(e),
        _ => {}
    }
}

/// `fold_iter`: a list literal becomes a tuple, a set literal a frozenset
/// (only folded when all items are constants).
fn fold_iter(e: &mut Expr) {
    if let ExprKind::List { elts, ctx } = &mut e.kind {
        if elts
            .iter()
            .any(|x| matches!(x.kind, ExprKind::Starred { .. }))
        {
            return;
        }
        let elts = std::mem::take(elts);
        let ctx = *ctx;
        e.kind = ExprKind::Tuple { elts, ctx };
    }
}

fn fold_comprehensions(gens: &mut [crate::ast::Comprehension]) {
    for g in gens.iter_mut() {
        fold_expr(&mut g.target);
        fold_expr(&mut g.iter);
        g.ifs.iter_mut().for_each(fold_expr);
        fold_iter(&mut g.iter);
    }
}

/// `astfold_expr`: children first, then the node itself.
fn fold_expr(e: &mut Expr) {
    match &mut e.kind {
        ExprKind::BoolOp { values, .. } => values.iter_mut().for_each(fold_expr),
        ExprKind::NamedExpr { target, value } => {
            fold_expr(target);
            fold_expr(value);
        }
        ExprKind::BinOp { left, right, .. } => {
            fold_expr(left);
            fold_expr(right);
        }
        ExprKind::UnaryOp { operand, .. } => fold_expr(operand),
        ExprKind::Lambda { args, body } => {
            fold_arguments(args);
            fold_expr(body);
        }
        ExprKind::IfExp { test, body, orelse } => {
            fold_expr(test);
            fold_expr(body);
            fold_expr(orelse);
        }
        ExprKind::Dict { keys, values } => {
            keys.iter_mut().for_each(fold_opt);
            values.iter_mut().for_each(fold_expr);
        }
        ExprKind::Set(elts) => elts.iter_mut().for_each(fold_expr),
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            fold_expr(elt);
            fold_comprehensions(generators);
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            fold_expr(key);
            fold_expr(value);
            fold_comprehensions(generators);
        }
        ExprKind::Yield(v) => {
            if let Some(v) = v {
                fold_expr(v);
            }
        }
        ExprKind::YieldFrom(v) => fold_expr(v),
        ExprKind::Compare {
            left, comparators, ..
        } => {
            fold_expr(left);
            comparators.iter_mut().for_each(fold_expr);
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            fold_expr(func);
            args.iter_mut().for_each(fold_expr);
            fold_keywords(keywords);
        }
        ExprKind::FormattedValue {
            value, format_spec, ..
        } => {
            fold_expr(value);
            if let Some(f) = format_spec {
                fold_expr(f);
            }
        }
        ExprKind::JoinedStr(values) => values.iter_mut().for_each(fold_expr),
        ExprKind::Attribute { value, .. } => fold_expr(value),
        ExprKind::Subscript { value, slice, .. } => {
            fold_expr(value);
            fold_expr(slice);
        }
        ExprKind::Starred { value, .. } => fold_expr(value),
        ExprKind::Slice { lower, upper, step } => {
            for x in [lower, upper, step].into_iter().flatten() {
                fold_expr(x);
            }
        }
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
            elts.iter_mut().for_each(fold_expr)
        }
        ExprKind::Name { .. } | ExprKind::Constant(_) => {}
    }
    fold_node(e);
}

/// The per-node folds (`fold_binop`, `fold_unaryop`, `fold_compare`,
/// `fold_subscr`, `__debug__`).
fn fold_node(e: &mut Expr) {
    let loc = e.loc;
    match &mut e.kind {
        ExprKind::Name {
            id,
            ctx: ExprContext::Load,
        } if id == "__debug__" => {
            *e = expr_of(Val::Bool(true), loc);
        }
        ExprKind::BinOp { left, op, right } => {
            let Some(lv) = val_of(left) else { return };
            if *op == Operator::Mod {
                if let (Val::Str(fmt), ExprKind::Tuple { elts, .. }) = (&lv, &right.kind) {
                    if !is_constant(right)
                        && !elts
                            .iter()
                            .any(|x| matches!(x.kind, ExprKind::Starred { .. }))
                    {
                        if let Some(js) = optimize_format(fmt, elts, loc) {
                            *e = js;
                        }
                        return;
                    }
                }
            }
            let Some(rv) = val_of(right) else { return };
            if let Some(v) = binop(*op, &lv, &rv) {
                *e = expr_of(v, loc);
            }
        }
        ExprKind::UnaryOp { op, operand } => {
            if let Some(v) = val_of(operand) {
                if let Some(r) = unaryop(*op, &v) {
                    *e = expr_of(r, loc);
                }
                return;
            }
            if *op == UnaryOp::Not {
                if let ExprKind::Compare { ops, .. } = &operand.kind {
                    if ops.len() == 1 {
                        let inv = match ops[0] {
                            CmpOp::Is => Some(CmpOp::IsNot),
                            CmpOp::IsNot => Some(CmpOp::Is),
                            CmpOp::In => Some(CmpOp::NotIn),
                            CmpOp::NotIn => Some(CmpOp::In),
                            _ => None,
                        };
                        if let Some(inv) = inv {
                            let mut inner = (**operand).clone();
                            if let ExprKind::Compare { ops, .. } = &mut inner.kind {
                                ops[0] = inv;
                            }
                            *e = inner;
                        }
                    }
                }
            }
        }
        ExprKind::Tuple { .. } => {}
        ExprKind::Subscript {
            value,
            slice,
            ctx: ExprContext::Load,
        } => {
            if let (Some(v), Some(i)) = (val_of(value), val_of(slice)) {
                if let Some(r) = subscr(&v, &i) {
                    *e = expr_of(r, loc);
                }
            }
        }
        ExprKind::Compare {
            ops, comparators, ..
        } => {
            if let (Some(op), Some(last)) = (ops.last(), comparators.last_mut()) {
                if matches!(op, CmpOp::In | CmpOp::NotIn) {
                    fold_iter(last);
                }
            }
        }
        _ => {}
    }
}

/// `optimize_format`: `"..%s.." % (a, b)` becomes an f-string when every
/// conversion is a simple `%s`, `%r` or `%a`.
fn optimize_format(fmt: &str, elts: &[Expr], loc: Loc) -> Option<Expr> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut pos = 0;
    let mut cnt = 0;
    let mut seq = Vec::new();
    let none = Loc::default();
    loop {
        // parse_literal
        let start = pos;
        let mut lit = String::new();
        while pos < chars.len() {
            if chars[pos] != '%' {
                lit.push(chars[pos]);
                pos += 1;
            } else if pos + 1 < chars.len() && chars[pos + 1] == '%' {
                lit.push('%');
                pos += 2;
            } else {
                break;
            }
        }
        if pos != start {
            seq.push(Expr {
                kind: ExprKind::Constant(Constant::Str(lit)),
                loc: none,
            });
        }
        if pos >= chars.len() {
            break;
        }
        if cnt >= elts.len() {
            return None;
        }
        pos += 1; // the '%'
        let arg = &elts[cnt];
        cnt += 1;
        // simple_format_arg_parse
        let mut ljust = false;
        let next = |p: &mut usize| -> Option<char> {
            let c = *chars.get(*p)?;
            *p += 1;
            Some(c)
        };
        let mut ch = next(&mut pos)?;
        loop {
            match ch {
                '-' => {
                    ljust = true;
                    ch = next(&mut pos)?;
                }
                '+' | ' ' | '#' | '0' => return None,
                _ => break,
            }
        }
        let mut width: i64 = -1;
        let mut prec: i64 = -1;
        if ch.is_ascii_digit() {
            width = 0;
            let mut digits = 0;
            while ch.is_ascii_digit() {
                width = width * 10 + (ch as i64 - '0' as i64);
                ch = next(&mut pos)?;
                digits += 1;
                if digits >= 3 {
                    return None;
                }
            }
        }
        if ch == '.' {
            ch = next(&mut pos)?;
            prec = 0;
            let mut digits = 0;
            while ch.is_ascii_digit() {
                prec = prec * 10 + (ch as i64 - '0' as i64);
                ch = next(&mut pos)?;
                digits += 1;
                if digits >= 3 {
                    return None;
                }
            }
        }
        if !matches!(ch, 's' | 'r' | 'a') {
            return None;
        }
        let mut spec = String::new();
        if !ljust && width > 0 {
            spec.push('>');
        }
        if width >= 0 {
            spec.push_str(&width.to_string());
        }
        if prec >= 0 {
            spec.push_str(&format!(".{prec}"));
        }
        let format_spec = if spec.is_empty() {
            None
        } else {
            Some(Box::new(Expr {
                kind: ExprKind::Constant(Constant::Str(spec)),
                loc: none,
            }))
        };
        seq.push(Expr {
            kind: ExprKind::FormattedValue {
                value: Box::new(arg.clone()),
                conversion: ch as i32,
                format_spec,
            },
            loc: arg.loc,
        });
    }
    if cnt < elts.len() {
        return None;
    }
    Some(Expr {
        kind: ExprKind::JoinedStr(seq),
        loc,
    })
}
