//! Expressions, from `star_expressions` down to `atom`, with Python 3.11's
//! precedence (binary operators by precedence climbing).

use super::stmt::is_keyword;
use super::{PResult, Parser};
use crate::ast::{
    BoolOp, CmpOp, Comprehension, Constant, Expr, ExprContext, ExprKind, Keyword, Loc, Operator,
    UnaryOp,
};
use crate::error::CompileError;
use crate::lexer::{self, TokKind};

/// Binary operators by precedence (higher binds tighter).
fn binop(op: &str) -> Option<(u8, Operator)> {
    Some(match op {
        "|" => (1, Operator::BitOr),
        "^" => (2, Operator::BitXor),
        "&" => (3, Operator::BitAnd),
        "<<" => (4, Operator::LShift),
        ">>" => (4, Operator::RShift),
        "+" => (5, Operator::Add),
        "-" => (5, Operator::Sub),
        "*" => (6, Operator::Mult),
        "/" => (6, Operator::Div),
        "//" => (6, Operator::FloorDiv),
        "%" => (6, Operator::Mod),
        "@" => (6, Operator::MatMult),
        _ => return None,
    })
}

pub(crate) fn mk(kind: ExprKind, loc: Loc) -> Expr {
    Expr { kind, loc }
}

impl Parser {
    /// `star_expressions`: one `star_expression`, or a tuple without
    /// parentheses spanning its elements (and a trailing comma).
    pub(crate) fn star_expressions(&mut self) -> PResult<Expr> {
        let start = self.loc();
        let first = self.star_expression()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(",") {
            if !self.starts_expression() {
                break;
            }
            let e = self.star_expression()?;
            elts.push(e);
        }
        Ok(mk(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            start.to(self.prev_loc()),
        ))
    }

    /// Whether the current token can start an expression.
    pub(crate) fn starts_expression(&mut self) -> bool {
        match self.kind() {
            TokKind::Name(n) => {
                !is_keyword(n)
                    || matches!(
                        n.as_str(),
                        "None" | "True" | "False" | "lambda" | "not" | "await" | "yield"
                    )
            }
            TokKind::Int(_)
            | TokKind::HugeInt(_)
            | TokKind::Float(_)
            | TokKind::Imag(_)
            | TokKind::Str(_) => true,
            TokKind::Op(o) => matches!(*o, "(" | "[" | "{" | "-" | "+" | "~" | "*" | "..." | "**"),
            _ => false,
        }
    }

    /// `star_expression: '*' bitwise_or | expression`
    pub(crate) fn star_expression(&mut self) -> PResult<Expr> {
        if self.at_op("*") {
            let start = self.loc();
            self.bump();
            let v = self.bitwise_or()?;
            let loc = start.to(self.prev_loc());
            return Ok(mk(
                ExprKind::Starred {
                    value: Box::new(v),
                    ctx: ExprContext::Load,
                },
                loc,
            ));
        }
        self.expression()
    }

    /// `star_named_expression: '*' bitwise_or | named_expression`
    pub(crate) fn star_named_expression(&mut self) -> PResult<Expr> {
        if self.at_op("*") {
            return self.star_expression();
        }
        self.named_expression()
    }

    /// `named_expression: NAME ':=' expression | expression !':='`
    pub(crate) fn named_expression(&mut self) -> PResult<Expr> {
        self.named_expression_checked(true)
    }

    /// `named_expression`; `check_eq` applies CPython's
    /// `invalid_named_expression` (not in call arguments, whose
    /// `assignment_expression | expression` has no such rule).
    fn named_expression_checked(&mut self, check_eq: bool) -> PResult<Expr> {
        let start = self.loc();
        let mut e = self.expression()?;
        if check_eq && self.at_op("=") && !self.no_invalid {
            if let Some(err) = self.invalid_named_expression(&e) {
                return Err(err);
            }
        }
        if self.at_op(":=") {
            self.bump();
            let target = match &mut e.kind {
                ExprKind::Name { id, .. } => mk(
                    ExprKind::Name {
                        id: std::mem::take(id),
                        ctx: ExprContext::Store,
                    },
                    e.loc,
                ),
                _ => {
                    let what = super::targets::expr_name(&e);
                    return Err(CompileError::syntax(
                        format!("cannot use assignment expressions with {what}"),
                        e.loc,
                    ));
                }
            };
            let value = self.expression()?;
            let loc = start.to(self.prev_loc());
            return Ok(mk(
                ExprKind::NamedExpr {
                    target: Box::new(target),
                    value: Box::new(value),
                },
                loc,
            ));
        }
        Ok(e)
    }

    /// CPython's `invalid_named_expression` at `e '='`: `NAME = b` or
    /// `bitwise_or = b` where `b` is a `bitwise_or` not followed by `=`/`:=`.
    fn invalid_named_expression(&mut self, e: &Expr) -> Option<CompileError> {
        let save = self.pos;
        let frozen = self.freeze;
        self.bump(); // '='
                     // Only CPython's second pass reads `b`: the first-pass position stays.
        self.freeze = true;
        let b = self.bitwise_or();
        self.freeze = frozen;
        let followed = self.at_op("=") || self.at_op(":=");
        self.pos = save;
        let b = match b {
            Ok(b) => b,
            Err(err) if !is_generic(&err) => return Some(err),
            Err(_) => return None,
        };
        if followed {
            return None;
        }
        if matches!(
            e.kind,
            ExprKind::Constant(Constant::None) | ExprKind::Constant(Constant::Bool(_))
        ) {
            return None;
        }
        if let ExprKind::Name { .. } = e.kind {
            return Some(CompileError::syntax(
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                e.loc.to(b.loc),
            ));
        }
        if super::targets::is_bitwise_or_level(e) {
            let what = super::targets::expr_name(e);
            return Some(CompileError::syntax(
                format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?"),
                e.loc,
            ));
        }
        None
    }

    /// `expression: disjunction ['if' disjunction 'else' expression] | lambdef`
    pub(crate) fn expression(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.expression_inner();
        self.leave();
        r
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        if self.at_kw("lambda") {
            return self.lambdef();
        }
        let start = self.loc();
        let body = self.disjunction()?;
        if self.at_kw("if") {
            let if_pos = self.pos;
            self.bump();
            let test = match self.disjunction() {
                Ok(t) => t,
                Err(e) if self.no_invalid && is_generic(&e) => {
                    self.pos = if_pos;
                    return Ok(body);
                }
                Err(e) => return Err(e),
            };
            if !self.eat_kw("else") {
                if self.no_invalid {
                    // `expression_without_invalid`: the `if` is not ours.
                    self.pos = if_pos;
                    return Ok(body);
                }
                if !self.at_op(":") {
                    let loc = body.loc.to(test.loc);
                    return Err(CompileError::syntax(
                        "expected 'else' after 'if' expression",
                        loc,
                    ));
                }
                return Err(self.invalid());
            }
            let orelse = self.expression()?;
            let loc = start.to(self.prev_loc());
            return Ok(mk(
                ExprKind::IfExp {
                    test: Box::new(test),
                    body: Box::new(body),
                    orelse: Box::new(orelse),
                },
                loc,
            ));
        }
        if let Some(e) = self.invalid_expression(start, &body) {
            return Err(e);
        }
        Ok(body)
    }

    /// CPython's `invalid_legacy_expression`: `print x` / `exec x`.
    fn invalid_legacy_expression(&mut self, start: Loc, a: &Expr) -> Option<CompileError> {
        let ExprKind::Name { id, .. } = &a.kind else {
            return None;
        };
        if a.loc != start || self.at_op("(") || !self.starts_expression() {
            return None;
        }
        // CPython reads `b` for any name (tokens read count for unclosed
        // brackets), then checks for `print`/`exec`.
        let save = self.pos;
        let frozen = self.freeze;
        self.freeze = true;
        let b = self.star_expressions();
        self.freeze = frozen;
        self.pos = save;
        if !(id == "print" || id == "exec") {
            return None;
        }
        let b = b.ok()?;
        Some(CompileError::syntax(
            format!("Missing parentheses in call to '{id}'. Did you mean {id}(...)?"),
            a.loc.to(b.loc),
        ))
    }

    /// CPython's `invalid_expression`: inside brackets, an expression
    /// followed right away by another one is a missing comma.
    pub(crate) fn invalid_expression(&mut self, start: Loc, a: &Expr) -> Option<CompileError> {
        if self.no_invalid {
            return None;
        }
        if let Some(e) = self.invalid_legacy_expression(start, a) {
            return Some(e);
        }
        if !self.forgot_comma_follows() {
            return None;
        }
        // `!(NAME STRING | SOFT_KEYWORD)` on the first token. CPython's soft
        // keyword test compares only the name's length, so "c", "ma" (any
        // prefix of "match" or "case") and "_" count.
        let first = self.toks[..self.pos.min(self.toks.len())]
            .iter()
            .rev()
            .find(|t| t.loc.line == start.line && t.loc.col == start.col)
            .map(|t| t.kind.clone());
        if let Some(TokKind::Name(n)) = first {
            let soft = !n.is_empty()
                && ("match".starts_with(n.as_str()) || "case".starts_with(n.as_str()) || n == "_");
            if soft {
                return None;
            }
        }
        if let ExprKind::Name { .. } = &a.kind {
            if a.loc == start && matches!(self.kind(), TokKind::Str(_)) {
                return None;
            }
        }
        let save = self.pos;
        self.no_invalid = true;
        let b = self.expression();
        self.no_invalid = false;
        // The conversion of a too long literal raises at once, even here.
        if let Err(e) = &b {
            if crate::messages::is_int_literal_too_long(&e.msg) {
                return Some(e.clone());
            }
        }
        // CPython's condition: `b`'s last token is inside brackets.
        let level = self
            .toks
            .get(self.pos.saturating_sub(1))
            .map(|t| t.level)
            .unwrap_or(0);
        // `_PyPegen_check_legacy_stmt`: `print x` / `exec x` are not commas.
        if matches!(&a.kind, ExprKind::Name { id, .. } if id == "print" || id == "exec") {
            self.pos = save;
            return None;
        }
        if level == 0 {
            // CPython reads `b` and then declines: only the tokens read count.
            self.pos = save;
            return None;
        }
        match b {
            Ok(b) => Some(CompileError::syntax(
                "invalid syntax. Perhaps you forgot a comma?",
                a.loc.to(b.loc),
            )),
            Err(_) => {
                self.pos = save;
                None
            }
        }
    }

    /// After a complete expression inside brackets: does another expression
    /// start right away (CPython's `invalid_expression`)?
    fn forgot_comma_follows(&mut self) -> bool {
        match self.kind() {
            TokKind::Name(n) => {
                !is_keyword(n) || matches!(n.as_str(), "None" | "True" | "False" | "lambda" | "not")
            }
            TokKind::Int(_)
            | TokKind::HugeInt(_)
            | TokKind::Float(_)
            | TokKind::Imag(_)
            | TokKind::Str(_) => true,
            TokKind::Op(o) => matches!(*o, "{" | "~" | "..." | "(" | "["),
            _ => false,
        }
    }

    fn lambdef(&mut self) -> PResult<Expr> {
        let start = self.loc();
        self.bump();
        let args = self.params(true)?;
        self.expect_op(":")?;
        let body = self.expression()?;
        let loc = start.to(self.prev_loc());
        Ok(mk(
            ExprKind::Lambda {
                args: Box::new(args),
                body: Box::new(body),
            },
            loc,
        ))
    }

    /// `disjunction: conjunction ('or' conjunction)*`
    pub(crate) fn disjunction(&mut self) -> PResult<Expr> {
        self.bool_chain("or", BoolOp::Or, Self::conjunction)
    }

    /// `conjunction: inversion ('and' inversion)*`
    fn conjunction(&mut self) -> PResult<Expr> {
        self.bool_chain("and", BoolOp::And, Self::inversion)
    }

    /// `operand (keyword operand)*` as one `BoolOp`; an operand that fails
    /// with a generic error ends the chain before its keyword.
    fn bool_chain(
        &mut self,
        keyword: &str,
        op: BoolOp,
        operand: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let start = self.loc();
        let first = operand(self)?;
        if !self.at_kw(keyword) {
            return Ok(first);
        }
        let mut values = vec![first];
        loop {
            let save = self.pos;
            if !self.eat_kw(keyword) {
                break;
            }
            match operand(self) {
                Ok(v) => values.push(v),
                Err(e) if is_generic(&e) => {
                    self.pos = save;
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        if values.len() == 1 {
            return Ok(values.pop().unwrap_or(first_placeholder()));
        }
        let loc = start.to(self.prev_loc());
        Ok(mk(ExprKind::BoolOp { op, values }, loc))
    }

    fn inversion(&mut self) -> PResult<Expr> {
        if self.at_kw("not") {
            let start = self.loc();
            self.bump();
            self.enter()?;
            let operand = self.inversion();
            self.leave();
            let operand = operand?;
            let loc = start.to(self.prev_loc());
            return Ok(mk(
                ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    operand: Box::new(operand),
                },
                loc,
            ));
        }
        self.comparison()
    }

    fn comp_op(&mut self) -> Option<CmpOp> {
        let op = match self.kind() {
            TokKind::Op("==") => CmpOp::Eq,
            TokKind::Op("!=") => CmpOp::NotEq,
            TokKind::Op("<") => CmpOp::Lt,
            TokKind::Op("<=") => CmpOp::LtE,
            TokKind::Op(">") => CmpOp::Gt,
            TokKind::Op(">=") => CmpOp::GtE,
            TokKind::Name(n) if n == "in" => CmpOp::In,
            TokKind::Name(n) if n == "is" => {
                if matches!(&self.peek_n(1).kind, TokKind::Name(m) if m == "not") {
                    self.bump();
                    CmpOp::IsNot
                } else {
                    CmpOp::Is
                }
            }
            TokKind::Name(n) if n == "not" => {
                if matches!(&self.peek_n(1).kind, TokKind::Name(m) if m == "in") {
                    self.bump();
                    CmpOp::NotIn
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        self.bump();
        Some(op)
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.loc();
        let left = self.bitwise_or()?;
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        loop {
            let save = self.pos;
            let Some(op) = self.comp_op() else {
                break;
            };
            match self.bitwise_or() {
                Ok(c) => {
                    ops.push(op);
                    comparators.push(c);
                }
                Err(e) if is_generic(&e) => {
                    self.pos = save;
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        if ops.is_empty() {
            return Ok(left);
        }
        let loc = start.to(self.prev_loc());
        Ok(mk(
            ExprKind::Compare {
                left: Box::new(left),
                ops,
                comparators,
            },
            loc,
        ))
    }

    /// `bitwise_or` and everything below it, down to `factor`.
    pub(crate) fn bitwise_or(&mut self) -> PResult<Expr> {
        self.binary(1)
    }

    fn binary(&mut self, min_prec: u8) -> PResult<Expr> {
        let start = self.loc();
        let mut left = self.factor()?;
        while let Some((prec, op)) = match self.kind() {
            TokKind::Op(o) => binop(o),
            _ => None,
        } {
            if prec < min_prec {
                break;
            }
            let save = self.pos;
            self.bump();
            self.enter()?;
            let right = self.binary(prec + 1);
            self.leave();
            let right = match right {
                Ok(r) => r,
                Err(e) if is_generic(&e) => {
                    self.pos = save;
                    break;
                }
                Err(e) => return Err(e),
            };
            let loc = start.to(self.prev_loc());
            left = mk(
                ExprKind::BinOp {
                    left: Box::new(left),
                    op,
                    right: Box::new(right),
                },
                loc,
            );
        }
        Ok(left)
    }

    /// `factor: ('+' | '-' | '~') factor | power`
    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.kind() {
            TokKind::Op("+") => UnaryOp::UAdd,
            TokKind::Op("-") => UnaryOp::USub,
            TokKind::Op("~") => UnaryOp::Invert,
            _ => return self.power(),
        };
        let start = self.loc();
        self.bump();
        self.enter()?;
        let operand = self.factor();
        self.leave();
        let operand = operand?;
        let loc = start.to(self.prev_loc());
        Ok(mk(
            ExprKind::UnaryOp {
                op,
                operand: Box::new(operand),
            },
            loc,
        ))
    }

    /// `power: await_primary ['**' factor]`
    fn power(&mut self) -> PResult<Expr> {
        let start = self.loc();
        if self.at_kw("await") {
            // Parsed (`await primary`) and dropped: the AST has no `Await`.
            self.note_unsupported("'await' expressions are", 3, start);
            self.bump();
        }
        let base = self.primary()?;
        if self.at_op("**") {
            self.bump();
            self.enter()?;
            let exp = self.factor();
            self.leave();
            let exp = exp?;
            let loc = start.to(self.prev_loc());
            return Ok(mk(
                ExprKind::BinOp {
                    left: Box::new(base),
                    op: Operator::Pow,
                    right: Box::new(exp),
                },
                loc,
            ));
        }
        Ok(base)
    }

    /// `primary`: an atom followed by `.name`, `(args)` and `[slices]`.
    fn primary(&mut self) -> PResult<Expr> {
        let start = self.loc();
        let mut e = self.atom()?;
        loop {
            if self.at_op(".") {
                self.bump();
                let (attr, l) = self.name()?;
                let loc = start.to(l);
                e = mk(
                    ExprKind::Attribute {
                        value: Box::new(e),
                        attr,
                        ctx: ExprContext::Load,
                    },
                    loc,
                );
            } else if self.at_op("(") {
                let save = self.pos;
                let open = self.loc();
                self.bump();
                self.bracket_level += 1;
                let r = self.call_arguments_or_genexp(open);
                self.bracket_level -= 1;
                let r = r.and_then(|a| self.expect_op(")").map(|c| (a, c)));
                let ((args, keywords), close) = match r {
                    Ok(v) => v,
                    Err(err) if is_generic(&err) => {
                        // PEG: the primary ends before this trailer.
                        self.pos = save;
                        return Ok(e);
                    }
                    Err(err) => return Err(err),
                };
                let loc = start.to(close);
                e = mk(
                    ExprKind::Call {
                        func: Box::new(e),
                        args,
                        keywords,
                    },
                    loc,
                );
            } else if self.at_op("[") {
                let save = self.pos;
                self.bump();
                self.bracket_level += 1;
                let r = self.slices();
                self.bracket_level -= 1;
                let r = r.and_then(|sl| self.expect_op("]").map(|c| (sl, c)));
                let (slice, close) = match r {
                    Ok(v) => v,
                    Err(err) if is_generic(&err) => {
                        self.pos = save;
                        return Ok(e);
                    }
                    Err(err) => return Err(err),
                };
                let loc = start.to(close);
                e = mk(
                    ExprKind::Subscript {
                        value: Box::new(e),
                        slice: Box::new(slice),
                        ctx: ExprContext::Load,
                    },
                    loc,
                );
            } else {
                return Ok(e);
            }
        }
    }

    /// `slices: slice !',' | ','.(slice | starred_expression)+ [',']`
    fn slices(&mut self) -> PResult<Expr> {
        let start = self.loc();
        let first = self.slice()?;
        let starred = matches!(first.kind, ExprKind::Starred { .. });
        if !self.at_op(",") && !starred {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(",") {
            if self.at_op("]") {
                break;
            }
            elts.push(self.slice()?);
        }
        Ok(mk(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            start.to(self.prev_loc()),
        ))
    }

    /// `slice: [expression] ':' [expression] [':' [expression]] | named_expression`
    fn slice(&mut self) -> PResult<Expr> {
        if self.at_op("*") {
            return self.star_expression();
        }
        let start = self.loc();
        let lower = if self.at_op(":") {
            None
        } else {
            let e = self.named_expression()?;
            if !self.at_op(":") {
                return Ok(e);
            }
            Some(Box::new(e))
        };
        let mut end = self.loc();
        self.bump(); // ':'
        let upper = if self.starts_expression() {
            let e = self.expression()?;
            end = self.prev_loc();
            Some(Box::new(e))
        } else {
            None
        };
        let mut step = None;
        if self.at_op(":") {
            end = self.loc();
            self.bump();
            if self.starts_expression() {
                let e = self.expression()?;
                end = self.prev_loc();
                step = Some(Box::new(e));
            }
        }
        Ok(mk(ExprKind::Slice { lower, upper, step }, start.to(end)))
    }

    /// Call arguments after `(`, or a generator expression as the sole
    /// argument (its position then includes the call's parentheses).
    fn call_arguments_or_genexp(&mut self, open: Loc) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        if self.starts_expression() && !self.at_op("*") && !self.at_op("**") {
            // Try `f(x for x in y)`.
            let is_kw = matches!(self.kind(), TokKind::Name(_))
                && matches!(self.peek_n(1).kind, TokKind::Op("="));
            if !is_kw {
                let e = self.named_expression_checked(false)?;
                if self.at_kw("for") || self.at_kw("async") {
                    let generators = self.for_if_clauses()?;
                    if self.at_op(")") {
                        let close = self.loc();
                        return Ok((
                            vec![mk(
                                ExprKind::GeneratorExp {
                                    elt: Box::new(e),
                                    generators,
                                },
                                open.to(close),
                            )],
                            Vec::new(),
                        ));
                    }
                    if !self.at_op(",") {
                        return Err(self.invalid());
                    }
                    let loc = e.loc.to(self.prev_loc());
                    return Err(CompileError::syntax(
                        "Generator expression must be parenthesized",
                        loc,
                    ));
                }
                return self.call_arguments_from(Some(e));
            }
        }
        self.call_arguments()
    }

    /// `arguments`: positional, `*a`, `name=value` and `**m`, in any
    /// order CPython allows.
    pub(crate) fn call_arguments(&mut self) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        self.call_arguments_from(None)
    }

    /// [`Parser::call_arguments`] after an already read first positional
    /// argument.
    fn call_arguments_from(&mut self, first: Option<Expr>) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let saved = self.freeze;
        let r = self.call_arguments_inner(first);
        self.freeze = saved;
        r
    }

    fn call_arguments_inner(&mut self, first: Option<Expr>) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let mut args = Vec::new();
        let mut pending = first;
        let mut keywords: Vec<Keyword> = Vec::new();
        let mut seen_kw = false;
        let mut seen_kwunpack = false;
        // CPython's `_PyPegen_arguments_parsing_error`: reported at the last
        // token read, once all the arguments are read.
        let mut late_error: Option<&str> = None;
        while pending.is_some() || !self.at_op(")") {
            let start = pending
                .as_ref()
                .map(|e| e.loc)
                .unwrap_or_else(|| self.loc());
            if pending.is_none() && self.at_op("**") {
                self.bump();
                let v = self.expression()?;
                let loc = start.to(self.prev_loc());
                keywords.push(Keyword {
                    arg: None,
                    value: v,
                    loc,
                });
                seen_kwunpack = true;
            } else if pending.is_none() && self.at_op("*") {
                self.bump();
                let v = self.expression()?;
                let loc = start.to(self.prev_loc());
                if seen_kwunpack {
                    return Err(CompileError::syntax(
                        "iterable argument unpacking follows keyword argument unpacking",
                        Loc {
                            end_line: start.line,
                            end_col: start.col + 1,
                            ..start
                        },
                    ));
                }
                let starred = mk(
                    ExprKind::Starred {
                        value: Box::new(v),
                        ctx: ExprContext::Load,
                    },
                    loc,
                );
                self.no_unpacking_in_comprehension(&starred)?;
                args.push(starred);
            } else if pending.is_none()
                && matches!(self.kind(), TokKind::Name(n) if !is_keyword(n))
                && matches!(self.peek_n(1).kind, TokKind::Op("="))
            {
                let (name, _) = self.name()?;
                self.bump(); // '='
                let v = self.expression()?;
                let loc = start.to(self.prev_loc());
                keywords.push(Keyword {
                    arg: Some(name),
                    value: v,
                    loc,
                });
                seen_kw = true;
            } else {
                if (seen_kw || seen_kwunpack) && !self.freeze {
                    // CPython's first pass reads no positional argument after
                    // keywords: it only looks for `NAME =`.
                    // (A keyword is no `NAME`: nothing after it is read.)
                    if matches!(self.kind(), TokKind::Name(n) if !is_keyword(n)) {
                        let _ = self.peek_n(1);
                    }
                    self.freeze = true;
                }
                let e = match pending.take() {
                    Some(e) => e,
                    None => self.named_expression_checked(false)?,
                };
                if self.at_kw("for") {
                    self.for_if_clauses()?;
                    let loc = e.loc.to(self.prev_loc());
                    return Err(CompileError::syntax(
                        "Generator expression must be parenthesized",
                        loc,
                    ));
                }
                if self.at_op("=") {
                    let eq = self.loc();
                    let what = match e.kind {
                        ExprKind::Constant(Constant::Bool(true)) => Some("True"),
                        ExprKind::Constant(Constant::Bool(false)) => Some("False"),
                        ExprKind::Constant(Constant::None) => Some("None"),
                        _ => None,
                    };
                    let msg = match what {
                        Some(w) => format!("cannot assign to {w}"),
                        None => "expression cannot contain assignment, perhaps you meant \"==\"?"
                            .to_string(),
                    };
                    return Err(CompileError::syntax(msg, start.to(eq)));
                }
                if late_error.is_none() {
                    if seen_kwunpack {
                        late_error = Some("positional argument follows keyword argument unpacking");
                    } else if seen_kw {
                        late_error = Some("positional argument follows keyword argument");
                    }
                }
                args.push(e);
            }
            if !self.eat_op(",") {
                break;
            }
        }
        if let Some(msg) = late_error {
            // Raised by the second pass, at the last token it read.
            let _ = self.peek();
            let loc = self.error_loc(self.furthest_any);
            return Err(CompileError::syntax(msg, loc));
        }
        Ok((args, keywords))
    }

    /// `for_if_clauses`: one or more `for target in disjunction (if disjunction)*`.
    pub(crate) fn for_if_clauses(&mut self) -> PResult<Vec<Comprehension>> {
        let mut gens = Vec::new();
        loop {
            if self.at_kw("async") {
                let loc = self.loc();
                self.note_unsupported("asynchronous comprehensions are", 3, loc);
                self.bump();
            }
            if !self.eat_kw("for") {
                break;
            }
            let target = self.star_targets()?;
            if !self.eat_kw("in") {
                return Err(self.invalid());
            }
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.disjunction()?);
            }
            gens.push(Comprehension { target, iter, ifs });
        }
        Ok(gens)
    }

    /// `star_targets` of `for` loops and comprehensions, in store context.
    ///
    /// Targets are read with the target grammar (`'*'? primary`); when that
    /// does not reach `in`, CPython's second pass (`invalid_for_target`)
    /// reads `star_expressions` to name a bad target, while a generic error
    /// stays where the first pass stopped.
    pub(crate) fn star_targets(&mut self) -> PResult<Expr> {
        let begin = self.pos;
        let first_pass = self.target_list();
        if let Ok(e) = &first_pass {
            if self.at_kw("in") && super::targets::is_valid_target(e) {
                return self.set_store_for(first_pass?);
            }
        }
        if let Err(e) = &first_pass {
            if !is_generic(e) {
                return first_pass;
            }
        }
        // Second pass.
        let end_of_first = self.pos;
        self.pos = begin;
        let frozen = self.freeze;
        self.freeze = true;
        let second = self.star_expressions();
        self.freeze = frozen;
        match second {
            Ok(e) => {
                if !super::targets::is_valid_target(&e) {
                    return self.set_store_for(e);
                }
                self.pos = end_of_first;
                Err(self.invalid())
            }
            Err(e) if is_generic(&e) => Err(self.invalid()),
            Err(e) => Err(e),
        }
    }

    /// `star_target (',' star_target)* [',']` with targets as primaries.
    fn target_list(&mut self) -> PResult<Expr> {
        let start = self.loc();
        let first = self.star_target_item()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(",") {
            if self.at_kw("in") || !self.starts_expression() {
                break;
            }
            elts.push(self.star_target_item()?);
        }
        Ok(mk(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            start.to(self.prev_loc()),
        ))
    }

    fn star_target_item(&mut self) -> PResult<Expr> {
        if self.at_op("*") {
            let start = self.loc();
            self.bump();
            self.enter()?;
            let v = self.star_target_item();
            self.leave();
            let v = v?;
            let loc = start.to(self.prev_loc());
            return Ok(mk(
                ExprKind::Starred {
                    value: Box::new(v),
                    ctx: ExprContext::Load,
                },
                loc,
            ));
        }
        self.enter()?;
        let r = self.primary();
        self.leave();
        r
    }

    /// `yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]`
    pub(crate) fn yield_expr(&mut self) -> PResult<Expr> {
        let start = self.loc();
        self.bump();
        if self.eat_kw("from") {
            let v = self.expression()?;
            let loc = start.to(self.prev_loc());
            return Ok(mk(ExprKind::YieldFrom(Box::new(v)), loc));
        }
        if self.starts_expression() {
            let v = self.star_expressions()?;
            let loc = start.to(self.prev_loc());
            return Ok(mk(ExprKind::Yield(Some(Box::new(v))), loc));
        }
        Ok(mk(ExprKind::Yield(None), start))
    }

    /// `atom`: names, literals, displays, comprehensions and parentheses.
    fn atom(&mut self) -> PResult<Expr> {
        let loc = self.loc();
        let kind = self.kind().clone();
        match kind {
            TokKind::Name(n) => {
                let c = match n.as_str() {
                    "None" => Some(Constant::None),
                    "True" => Some(Constant::Bool(true)),
                    "False" => Some(Constant::Bool(false)),
                    _ => None,
                };
                if let Some(c) = c {
                    self.bump();
                    return Ok(mk(ExprKind::Constant(c), loc));
                }
                if is_keyword(&n) {
                    return Err(self.invalid());
                }
                self.bump();
                Ok(mk(
                    ExprKind::Name {
                        id: crate::lexer::normalize_identifier(&n),
                        ctx: ExprContext::Load,
                    },
                    loc,
                ))
            }
            TokKind::Int(v) => {
                self.bump();
                Ok(mk(ExprKind::Constant(Constant::Int(v)), loc))
            }
            TokKind::HugeInt(digits) => {
                // CPython gives no columns: `offset` and `end_offset` are 0.
                let at = Loc {
                    line: loc.line,
                    col: 0,
                    end_line: loc.end_line,
                    end_col: 0,
                };
                Err(CompileError::syntax(
                    crate::messages::int_literal_too_long(lexer::MAX_STR_DIGITS, digits),
                    at,
                ))
            }
            TokKind::Float(v) => {
                self.bump();
                Ok(mk(ExprKind::Constant(Constant::Float(v)), loc))
            }
            TokKind::Imag(v) => {
                self.bump();
                Ok(mk(ExprKind::Constant(Constant::Complex(v)), loc))
            }
            TokKind::Str(_) => self.strings(),
            TokKind::Op("...") => {
                self.bump();
                Ok(mk(ExprKind::Constant(Constant::Ellipsis), loc))
            }
            TokKind::Op("(") => {
                self.bump();
                self.enter()?;
                self.bracket_level += 1;
                let r = self.paren_atom(loc);
                self.bracket_level -= 1;
                self.leave();
                r
            }
            TokKind::Op("[") => {
                self.bump();
                self.enter()?;
                self.bracket_level += 1;
                let r = self.list_atom(loc);
                self.bracket_level -= 1;
                self.leave();
                r
            }
            TokKind::Op("{") => {
                self.bump();
                self.enter()?;
                self.bracket_level += 1;
                let r = self.dict_or_set_atom(loc);
                self.bracket_level -= 1;
                self.leave();
                r
            }
            _ => Err(self.invalid()),
        }
    }

    /// After `(`: `()`, `(yield ...)`, `(x)`, `(x,)`, `(x for ...)`.
    fn paren_atom(&mut self, open: Loc) -> PResult<Expr> {
        if self.at_op(")") {
            let close = self.loc();
            self.bump();
            return Ok(mk(
                ExprKind::Tuple {
                    elts: Vec::new(),
                    ctx: ExprContext::Load,
                },
                open.to(close),
            ));
        }
        if self.at_kw("yield") {
            let e = self.yield_expr()?;
            self.expect_op(")")?;
            return Ok(e);
        }
        let first = self.star_named_expression()?;
        self.no_unpacking_in_comprehension(&first)?;
        if self.at_kw("for") || self.at_kw("async") {
            let generators = self.for_if_clauses()?;
            let close = self.expect_op(")")?;
            return Ok(mk(
                ExprKind::GeneratorExp {
                    elt: Box::new(first),
                    generators,
                },
                open.to(close),
            ));
        }
        if self.at_op(")") {
            self.bump();
            return Ok(first);
        }
        if !self.at_op(",") {
            return Err(self.invalid());
        }
        let mut elts = vec![first];
        while self.eat_op(",") {
            if self.at_op(")") {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        let close = self.expect_op(")")?;
        Ok(mk(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            open.to(close),
        ))
    }

    fn list_atom(&mut self, open: Loc) -> PResult<Expr> {
        let mut elts = Vec::new();
        if !self.at_op("]") {
            let first = self.star_named_expression()?;
            self.no_unpacking_in_comprehension(&first)?;
            if self.at_kw("for") || self.at_kw("async") {
                let generators = self.for_if_clauses()?;
                let close = self.expect_op("]")?;
                return Ok(mk(
                    ExprKind::ListComp {
                        elt: Box::new(first),
                        generators,
                    },
                    open.to(close),
                ));
            }
            elts.push(first);
            while self.eat_op(",") {
                if self.at_op("]") {
                    break;
                }
                elts.push(self.star_named_expression()?);
            }
            self.comprehension_target_parens(&elts)?;
        }
        let close = self.expect_op("]")?;
        Ok(mk(
            ExprKind::List {
                elts,
                ctx: ExprContext::Load,
            },
            open.to(close),
        ))
    }

    fn dict_or_set_atom(&mut self, open: Loc) -> PResult<Expr> {
        if self.at_op("}") {
            let close = self.loc();
            self.bump();
            return Ok(mk(
                ExprKind::Dict {
                    keys: Vec::new(),
                    values: Vec::new(),
                },
                open.to(close),
            ));
        }
        // Dict: first item is `**m` or `key: value`.
        let (first_key, first_value) = if self.at_op("**") {
            let star = self.loc();
            self.bump();
            let v = self.bitwise_or()?;
            if first_is_comp(self) {
                return Err(CompileError::syntax(
                    "dict unpacking cannot be used in dict comprehension",
                    star,
                ));
            }
            (None, v)
        } else {
            let e = self.star_named_expression()?;
            if !self.at_op(":") {
                return self.set_rest(open, e);
            }
            let colon = self.loc();
            self.bump();
            self.dict_value_expected(colon)?;
            let v = self.expression()?;
            if first_is_comp(self) {
                let generators = self.for_if_clauses()?;
                let close = self.expect_op("}")?;
                return Ok(mk(
                    ExprKind::DictComp {
                        key: Box::new(e),
                        value: Box::new(v),
                        generators,
                    },
                    open.to(close),
                ));
            }
            (Some(e), v)
        };
        let mut keys = vec![first_key];
        let mut values = vec![first_value];
        while self.eat_op(",") {
            if self.at_op("}") {
                break;
            }
            if self.eat_op("**") {
                keys.push(None);
                values.push(self.bitwise_or()?);
            } else {
                let k = self.expression()?;
                if !self.at_op(":") {
                    // CPython's `invalid_kvpair`: at the key's last character.
                    let c = k.loc.end_col.saturating_sub(1);
                    let loc = Loc {
                        line: k.loc.end_line,
                        col: c,
                        end_line: k.loc.end_line,
                        end_col: c,
                    };
                    return Err(CompileError::syntax(
                        "':' expected after dictionary key",
                        loc,
                    ));
                }
                let colon = self.expect_op(":")?;
                self.dict_value_expected(colon)?;
                let v = self.expression()?;
                keys.push(Some(k));
                values.push(v);
            }
        }
        let close = self.expect_op("}")?;
        Ok(mk(ExprKind::Dict { keys, values }, open.to(close)))
    }

    /// CPython's `invalid_kvpair`: `{k: }`.
    fn dict_value_expected(&mut self, colon: Loc) -> PResult<()> {
        if self.at_op("}") || self.at_op(",") {
            return Err(CompileError::syntax(
                "expression expected after dictionary key and ':'",
                colon,
            ));
        }
        Ok(())
    }

    /// CPython's `invalid_comprehension`: `[*a for ...]`.
    fn no_unpacking_in_comprehension(&mut self, elt: &Expr) -> PResult<()> {
        if matches!(elt.kind, ExprKind::Starred { .. }) && first_is_comp(self) {
            return Err(CompileError::syntax(
                "iterable unpacking cannot be used in comprehension",
                elt.loc,
            ));
        }
        Ok(())
    }

    /// CPython's `invalid_comprehension`: `[a, b for ...]`.
    fn comprehension_target_parens(&mut self, elts: &[Expr]) -> PResult<()> {
        if elts.len() > 1 && self.at_kw("for") {
            let (Some(a), Some(b)) = (elts.first(), elts.last()) else {
                return Ok(());
            };
            return Err(CompileError::syntax(
                "did you forget parentheses around the comprehension target?",
                a.loc.to(b.loc),
            ));
        }
        Ok(())
    }

    fn set_rest(&mut self, open: Loc, first: Expr) -> PResult<Expr> {
        self.no_unpacking_in_comprehension(&first)?;
        if first_is_comp(self) {
            let generators = self.for_if_clauses()?;
            let close = self.expect_op("}")?;
            return Ok(mk(
                ExprKind::SetComp {
                    elt: Box::new(first),
                    generators,
                },
                open.to(close),
            ));
        }
        let mut elts = vec![first];
        while self.eat_op(",") {
            if self.at_op("}") {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        self.comprehension_target_parens(&elts)?;
        let close = self.expect_op("}")?;
        Ok(mk(ExprKind::Set(elts), open.to(close)))
    }
}

/// A placeholder expression (never returned: the vector it stands in for is
/// never empty).
fn first_placeholder() -> Expr {
    mk(ExprKind::Constant(Constant::None), Loc::default())
}

/// Whether `e` is the generic error (after which a PEG parser backtracks).
fn is_generic(e: &CompileError) -> bool {
    e.msg == "invalid syntax"
}

fn first_is_comp(p: &mut Parser) -> bool {
    p.at_kw("for") || p.at_kw("async")
}
