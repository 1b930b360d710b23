//! Statements: simple statements, compound statements and blocks.

use super::{PResult, Parser};
use crate::ast::{
    Alias, ClassDef, ExceptHandler, Expr, ExprKind, FunctionDef, Loc, Operator, Stmt, StmtKind,
};
use crate::error::{CompileError, ErrorKind};
use crate::lexer::TokKind;

/// Python's reserved words: never a `NAME` in an expression.
pub(crate) const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Whether `s` is a reserved word.
pub(crate) fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether `e` is the generic error or one of `invalid_assignment`'s, which
/// CPython's `invalid_named_expression` errors precede.
fn is_assignment_error(e: &CompileError) -> bool {
    e.msg == "invalid syntax"
        || e.msg.starts_with("cannot assign to")
        || e.msg
            .ends_with("is an illegal expression for augmented assignment")
        || e.msg.starts_with("only single target")
        || e.msg == "illegal target for annotation"
        || e.msg == "assignment to yield expression not possible"
}

fn augassign_op(op: &str) -> Option<Operator> {
    Some(match op {
        "+=" => Operator::Add,
        "-=" => Operator::Sub,
        "*=" => Operator::Mult,
        "@=" => Operator::MatMult,
        "/=" => Operator::Div,
        "%=" => Operator::Mod,
        "**=" => Operator::Pow,
        "<<=" => Operator::LShift,
        ">>=" => Operator::RShift,
        "|=" => Operator::BitOr,
        "^=" => Operator::BitXor,
        "&=" => Operator::BitAnd,
        "//=" => Operator::FloorDiv,
        _ => return None,
    })
}

impl Parser {
    /// `statement: compound_stmt | simple_stmts`
    pub(crate) fn statement(&mut self) -> PResult<Vec<Stmt>> {
        let name = match self.kind() {
            TokKind::Name(n) => Some(n.clone()),
            TokKind::Op("@") => Some("@".to_string()),
            _ => None,
        };
        match name.as_deref() {
            Some("def") | Some("@") | Some("class") => Ok(vec![self.decorated_or_def()?]),
            Some("if") => Ok(vec![self.if_stmt()?]),
            Some("while") => Ok(vec![self.while_stmt()?]),
            Some("for") => Ok(vec![self.for_stmt()?]),
            Some("try") => Ok(vec![self.try_stmt()?]),
            Some("with") => {
                let loc = self.loc();
                self.note_unsupported("'with' statements are", 2, loc);
                self.with_stmt()?;
                Ok(Vec::new())
            }
            Some("async") => {
                let loc = self.loc();
                self.note_unsupported("'async' functions and statements are", 3, loc);
                self.bump();
                if self.at_kw("def") {
                    self.decorated_or_def()?;
                } else if self.at_kw("for") {
                    self.for_stmt()?;
                } else if self.at_kw("with") {
                    self.with_stmt()?;
                } else {
                    return Err(self.invalid());
                }
                Ok(Vec::new())
            }
            Some("match") if self.looks_like_match() => {
                let loc = self.loc();
                Err(CompileError::unsupported("'match' statements are", 3, loc))
            }
            _ => self.simple_stmts(),
        }
    }

    /// Whether a `match` soft keyword starts a match statement (`match x:`).
    fn looks_like_match(&mut self) -> bool {
        // A match statement: `match <subject> :` NEWLINE on the same logical line.
        let mut i = 1;
        let mut depth = 0i32;
        let start_kind = self.peek_n(1).kind.clone();
        if matches!(
            start_kind,
            TokKind::Op("=") | TokKind::Op(".") | TokKind::Op("(") | TokKind::Newline
        ) && !matches!(start_kind, TokKind::Op("("))
        {
            return false;
        }
        loop {
            let k = self.peek_n(i).kind.clone();
            match k {
                TokKind::Newline | TokKind::EndMarker => return false,
                TokKind::Op("(") | TokKind::Op("[") | TokKind::Op("{") => depth += 1,
                TokKind::Op(")") | TokKind::Op("]") | TokKind::Op("}") => depth -= 1,
                TokKind::Op(":") if depth == 0 => {
                    return matches!(self.peek_n(i + 1).kind, TokKind::Newline) && i > 1;
                }
                TokKind::Op("=") if depth == 0 => return false,
                _ => {}
            }
            i += 1;
            if i > 10_000 {
                return false;
            }
        }
    }

    /// `simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE`
    fn simple_stmts(&mut self) -> PResult<Vec<Stmt>> {
        let mut out = vec![self.simple_stmt()?];
        loop {
            if matches!(self.kind(), TokKind::Newline) {
                self.bump();
                return Ok(out);
            }
            if self.eat_op(";") {
                if matches!(self.kind(), TokKind::Newline) {
                    self.bump();
                    return Ok(out);
                }
                out.push(self.simple_stmt()?);
                continue;
            }
            return Err(self.invalid());
        }
    }

    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let start = self.loc();
        let kw = match self.kind() {
            TokKind::Name(n) => n.clone(),
            _ => String::new(),
        };
        let stmt = |kind, loc| Ok(Stmt { kind, loc });
        match kw.as_str() {
            "pass" => {
                self.bump();
                return stmt(StmtKind::Pass, start);
            }
            "break" => {
                self.bump();
                return stmt(StmtKind::Break, start);
            }
            "continue" => {
                self.bump();
                return stmt(StmtKind::Continue, start);
            }
            "return" => {
                self.bump();
                if self.at_simple_end() {
                    return stmt(StmtKind::Return(None), start);
                }
                let v = self.star_expressions()?;
                let loc = start.to(self.prev_loc());
                return stmt(StmtKind::Return(Some(v)), loc);
            }
            "raise" => {
                self.bump();
                if self.at_simple_end() {
                    return stmt(
                        StmtKind::Raise {
                            exc: None,
                            cause: None,
                        },
                        start,
                    );
                }
                let exc = self.expression()?;
                let mut loc = start.to(self.prev_loc());
                let cause = if self.eat_kw("from") {
                    let c = self.expression()?;
                    loc = start.to(self.prev_loc());
                    Some(c)
                } else {
                    None
                };
                return stmt(
                    StmtKind::Raise {
                        exc: Some(exc),
                        cause,
                    },
                    loc,
                );
            }
            "global" | "nonlocal" => {
                self.bump();
                let mut names = Vec::new();
                let mut loc;
                loop {
                    let (n, l) = self.name()?;
                    names.push(n);
                    loc = start.to(l);
                    if !self.eat_op(",") {
                        break;
                    }
                }
                let kind = if kw == "global" {
                    StmtKind::Global(names)
                } else {
                    StmtKind::Nonlocal(names)
                };
                return stmt(kind, loc);
            }
            "del" => {
                self.bump();
                return self.del_stmt(start);
            }
            "import" => {
                self.bump();
                return self.import_name(start);
            }
            "from" => {
                self.bump();
                return self.import_from(start);
            }
            "assert" => {
                self.bump();
                let test = self.expression()?;
                let msg = if self.eat_op(",") {
                    Some(self.expression()?)
                } else {
                    None
                };
                let loc = start.to(self.prev_loc());
                return stmt(StmtKind::Assert { test, msg }, loc);
            }
            _ => {}
        }
        self.expr_or_assign(start)
    }

    /// Whether the current token ends a simple statement.
    fn at_simple_end(&mut self) -> bool {
        matches!(
            self.kind(),
            TokKind::Newline | TokKind::Op(";") | TokKind::EndMarker
        )
    }

    /// A `NAME` that is not a keyword.
    pub(crate) fn name(&mut self) -> PResult<(String, Loc)> {
        let loc = self.loc();
        match self.kind() {
            TokKind::Name(n) if !is_keyword(n) => {
                let n = crate::lexer::normalize_identifier(n);
                self.bump();
                Ok((n, loc))
            }
            _ => Err(self.invalid()),
        }
    }

    fn del_stmt(&mut self, start: Loc) -> PResult<Stmt> {
        let mut targets = Vec::new();
        let mut loc = start;
        loop {
            if self.at_simple_end() {
                break;
            }
            let e = self.bitwise_or()?;
            let e = self.set_del(e)?;
            loc = start.to(self.prev_loc());
            targets.push(e);
            if !self.eat_op(",") {
                break;
            }
            loc = start.to(self.prev_loc());
        }
        if targets.is_empty() || !self.at_simple_end() {
            return Err(self.invalid());
        }
        Ok(Stmt {
            kind: StmtKind::Delete(targets),
            loc,
        })
    }

    fn dotted_name(&mut self) -> PResult<(String, Loc)> {
        let (mut s, mut loc) = self.name()?;
        while self.at_op(".") {
            self.bump();
            let (n, l) = self.name()?;
            s.push('.');
            s.push_str(&n);
            loc = loc.to(l);
        }
        Ok((s, loc))
    }

    fn import_name(&mut self, start: Loc) -> PResult<Stmt> {
        let mut names = Vec::new();
        loop {
            let (name, mut l) = self.dotted_name()?;
            let asname = if self.eat_kw("as") {
                let (a, al) = self.name()?;
                l = l.to(al);
                Some(a)
            } else {
                None
            };
            names.push(Alias {
                name,
                asname,
                loc: l,
            });
            if !self.eat_op(",") {
                break;
            }
        }
        let loc = start.to(self.prev_loc());
        Ok(Stmt {
            kind: StmtKind::Import(names),
            loc,
        })
    }

    fn import_from(&mut self, start: Loc) -> PResult<Stmt> {
        let mut level = 0u32;
        loop {
            if self.eat_op(".") {
                level += 1;
            } else if self.eat_op("...") {
                level += 3;
            } else {
                break;
            }
        }
        let module = if level > 0 && self.at_kw("import") {
            None
        } else {
            Some(self.dotted_name()?.0)
        };
        if !self.eat_kw("import") {
            return Err(self.invalid());
        }
        let mut names = Vec::new();
        if self.at_op("*") {
            let l = self.loc();
            self.bump();
            names.push(Alias {
                name: "*".to_string(),
                asname: None,
                loc: l,
            });
        } else {
            let paren = self.eat_op("(");
            loop {
                let (name, mut l) = self.name()?;
                let asname = if self.eat_kw("as") {
                    let (a, al) = self.name()?;
                    l = l.to(al);
                    Some(a)
                } else {
                    None
                };
                names.push(Alias {
                    name,
                    asname,
                    loc: l,
                });
                if !self.eat_op(",") {
                    break;
                }
                if paren && self.at_op(")") {
                    break;
                }
            }
            if paren {
                self.expect_op(")")?;
            } else if !self.at_simple_end() {
                return Err(self.invalid());
            }
        }
        let loc = start.to(self.prev_loc());
        Ok(Stmt {
            kind: StmtKind::ImportFrom {
                module,
                names,
                level,
            },
            loc,
        })
    }

    /// Assignment, augmented assignment, annotated assignment or an
    /// expression statement.
    fn expr_or_assign(&mut self, start: Loc) -> PResult<Stmt> {
        let begin = self.pos;
        match self.expr_or_assign_first_pass(start) {
            Ok(s) => Ok(s),
            Err(e) if e.kind == ErrorKind::Unsupported => Err(e),
            // Specific errors inside the regular alternatives come first.
            Err(e) if !is_assignment_error(&e) => Err(e),
            Err(e) => Err(self.invalid_assignment_prelude(begin).unwrap_or(e)),
        }
    }

    /// CPython's second pass reads a failed statement first as
    /// `star_named_expression (',' star_named_expression)*` (in
    /// `invalid_assignment`), whose `invalid_named_expression` errors win.
    fn invalid_assignment_prelude(&mut self, begin: usize) -> Option<CompileError> {
        let save = self.pos;
        let frozen = self.freeze;
        self.pos = begin;
        self.freeze = true;
        let mut found = None;
        let mut first = true;
        loop {
            match self.star_named_expression() {
                Err(e) => {
                    if e.msg != "invalid syntax" {
                        found = Some(e);
                    }
                    break;
                }
                Ok(_) => {
                    // `star_named_expression ',' star_named_expressions*`:
                    // a comma after the first, then any number of lists.
                    let comma = self.eat_op(",");
                    if (first && !comma) || !self.starts_expression() {
                        break;
                    }
                    first = false;
                }
            }
        }
        self.freeze = frozen;
        self.pos = save;
        found
    }

    fn expr_or_assign_first_pass(&mut self, start: Loc) -> PResult<Stmt> {
        let parenthesized = self.at_op("(");
        let first = if self.at_kw("yield") {
            self.yield_expr()?
        } else {
            self.star_expressions()?
        };
        // Annotated assignment.
        if self.at_op(":") {
            let colon = self.pos;
            self.bump();
            if !matches!(
                first.kind,
                ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
            ) {
                // CPython's first pass stops at the `:`; the second one names
                // the bad target only if an annotation follows.
                if self.expression().is_err() {
                    let loc = self.error_loc(colon);
                    return Err(CompileError::syntax("invalid syntax", loc));
                }
            }
            let target = self.set_ann_target(first)?;
            let annotation = self.expression()?;
            let mut loc = start.to(self.prev_loc());
            let value = if self.eat_op("=") {
                let v = if self.at_kw("yield") {
                    self.yield_expr()?
                } else {
                    self.star_expressions()?
                };
                loc = start.to(self.prev_loc());
                Some(v)
            } else {
                None
            };
            let simple = !parenthesized && matches!(target.kind, ExprKind::Name { .. });
            return Ok(Stmt {
                kind: StmtKind::AnnAssign {
                    target,
                    annotation,
                    value,
                    simple,
                },
                loc,
            });
        }
        // Augmented assignment.
        if let TokKind::Op(op) = self.kind() {
            if let Some(op) = augassign_op(op) {
                self.bump();
                let target = self.set_aug_target(first)?;
                let value = if self.at_kw("yield") {
                    self.yield_expr()?
                } else {
                    self.star_expressions()?
                };
                let loc = start.to(self.prev_loc());
                return Ok(Stmt {
                    kind: StmtKind::AugAssign { target, op, value },
                    loc,
                });
            }
        }
        if self.at_op("=") {
            let mut targets = Vec::new();
            let mut pending = first;
            while self.at_op("=") {
                // CPython's `invalid_assignment` names a bad target as soon as
                // its `=` is seen; the "Maybe you meant '=='" hint needs
                // `= bitwise_or` with no further `=` after it.
                let hint = targets.is_empty() && self.single_assignment_follows();
                targets.push(self.set_store_assign(pending, hint)?);
                self.bump();
                pending = if self.at_kw("yield") {
                    self.yield_expr()?
                } else {
                    self.star_expressions()?
                };
            }
            let value = pending;
            let loc = start.to(self.prev_loc());
            return Ok(Stmt {
                kind: StmtKind::Assign { targets, value },
                loc,
            });
        }
        if !self.at_simple_end() {
            return Err(self.invalid_after_expr(&first));
        }
        Ok(Stmt {
            kind: StmtKind::Expr(first),
            loc: start.to(self.prev_loc()),
        })
    }

    /// At `=`: whether `= bitwise_or` follows, not followed by `=` or `:=`.
    fn single_assignment_follows(&mut self) -> bool {
        let save = self.pos;
        self.bump();
        self.no_invalid = true;
        let b = self.bitwise_or();
        self.no_invalid = false;
        let ok = b.is_ok() && !self.at_op("=") && !self.at_op(":=");
        self.pos = save;
        ok
    }

    /// A block after `header` (`'if' statement`, `function definition`).
    fn block(&mut self, header: &str, header_line: u32) -> PResult<Vec<Stmt>> {
        if !matches!(self.kind(), TokKind::Newline) {
            return self.simple_stmts();
        }
        self.bump();
        if !matches!(self.kind(), TokKind::Indent) {
            if self.is_sentinel() {
                return Err(self.invalid());
            }
            let loc = self.error_loc(self.pos);
            return Err(CompileError::new(
                ErrorKind::IndentationError,
                format!("expected an indented block after {header} on line {header_line}"),
                loc,
            ));
        }
        self.bump();
        self.enter()?;
        let mut body = Vec::new();
        loop {
            match self.kind() {
                TokKind::Dedent => {
                    self.bump();
                    break;
                }
                TokKind::EndMarker => {
                    return Err(self.invalid());
                }
                _ => body.extend(self.statement()?),
            }
        }
        self.leave();
        Ok(body)
    }

    /// Parses `':' block`, with the `expected ':'` error of the header.
    fn colon_block(&mut self, header: &str, line: u32, forced: bool) -> PResult<Vec<Stmt>> {
        if forced {
            self.expect_forced(":")?;
        } else if !self.eat_op(":") {
            if matches!(self.kind(), TokKind::Newline) {
                let loc = self.error_loc(self.pos);
                return Err(CompileError::syntax("expected ':'", loc));
            }
            return Err(self.invalid());
        }
        self.block(header, line)
    }

    /// The end of the last token read that is not NEWLINE, INDENT or
    /// DEDENT: where CPython ends a compound statement (a trailing `;`
    /// included).
    fn end_of_block(&self) -> Loc {
        let mut i = self.pos;
        while i > 0 {
            i -= 1;
            if let Some(t) = self.toks.get(i) {
                if !matches!(t.kind, TokKind::Newline | TokKind::Indent | TokKind::Dedent) {
                    return t.loc;
                }
            }
        }
        Loc::default()
    }

    fn decorated_or_def(&mut self) -> PResult<Stmt> {
        let mut decorators = Vec::new();
        while self.eat_op("@") {
            let d = self.named_expression()?;
            decorators.push(d);
            if !matches!(self.kind(), TokKind::Newline) {
                return Err(self.invalid());
            }
            self.bump();
        }
        let start = self.loc();
        if self.eat_kw("def") {
            let (name, _) = self.name()?;
            self.expect_forced("(")?;
            self.bracket_level += 1;
            let args = self.params(false);
            self.bracket_level -= 1;
            let args = args?;
            self.expect_op(")")?;
            let returns = if self.eat_op("->") {
                Some(self.expression()?)
            } else {
                None
            };
            let body = self.colon_block("function definition", start.line, true)?;
            let loc = start.to(self.end_of_block());
            return Ok(Stmt {
                kind: StmtKind::FunctionDef(Box::new(FunctionDef {
                    name,
                    args,
                    body,
                    decorator_list: decorators,
                    returns,
                })),
                loc,
            });
        }
        if self.eat_kw("class") {
            let (name, _) = self.name()?;
            let (bases, keywords) = if self.eat_op("(") {
                self.bracket_level += 1;
                let r = self.call_arguments()?;
                self.bracket_level -= 1;
                self.expect_op(")")?;
                r
            } else {
                (Vec::new(), Vec::new())
            };
            let body = self.colon_block("class definition", start.line, false)?;
            let loc = start.to(self.end_of_block());
            return Ok(Stmt {
                kind: StmtKind::ClassDef(Box::new(ClassDef {
                    name,
                    bases,
                    keywords,
                    body,
                    decorator_list: decorators,
                })),
                loc,
            });
        }
        if self.at_kw("async") && matches!(self.peek_quiet(1), TokKind::Name(n) if n == "def") {
            self.note_unsupported("'async' functions and statements are", 3, start);
            self.bump();
            return self.decorated_or_def();
        }
        Err(self.invalid())
    }

    /// `with_stmt` (parsed to be dropped: the AST has no `With`).
    fn with_stmt(&mut self) -> PResult<()> {
        let start = self.loc();
        self.bump(); // 'with'
                     // `with (a as b, c):` first, then `with a as b, c:`.
        let save = self.pos;
        if self.at_op("(") {
            self.bump();
            let parenthesized = (|| -> PResult<()> {
                loop {
                    self.expression()?;
                    if self.eat_kw("as") {
                        self.star_targets_plain()?;
                    }
                    if !self.eat_op(",") || self.at_op(")") {
                        break;
                    }
                }
                self.expect_op(")")?;
                if !self.at_op(":") {
                    return Err(self.invalid());
                }
                Ok(())
            })();
            if parenthesized.is_err() {
                self.pos = save;
            }
        }
        if self.pos == save {
            loop {
                self.expression()?;
                if self.eat_kw("as") {
                    self.star_targets_plain()?;
                }
                if !self.eat_op(",") {
                    break;
                }
            }
        }
        self.colon_block("'with' statement", start.line, false)?;
        Ok(())
    }

    /// A `with ... as` target: `star_target` up to `,`, `)` or `:`.
    fn star_targets_plain(&mut self) -> PResult<Expr> {
        let e = self.bitwise_or()?;
        self.set_store_for(e)
    }

    fn if_stmt(&mut self) -> PResult<Stmt> {
        let start = self.loc();
        self.bump();
        self.if_rest(start, "'if' statement")
    }

    fn if_rest(&mut self, start: Loc, header: &str) -> PResult<Stmt> {
        let test = self.named_expression()?;
        let body = self.colon_block(header, start.line, false)?;
        let mut end = self.end_of_block();
        let orelse = if self.at_kw("elif") {
            let l = self.loc();
            self.bump();
            let s = self.if_rest(l, "'elif' statement")?;
            end = s.loc;
            vec![s]
        } else if self.at_kw("else") {
            let l = self.loc();
            self.bump();
            let b = self.colon_block("'else' statement", l.line, true)?;
            end = self.end_of_block();
            b
        } else {
            Vec::new()
        };
        Ok(Stmt {
            kind: StmtKind::If { test, body, orelse },
            loc: start.to(end),
        })
    }

    fn else_block(&mut self, end: &mut Loc) -> PResult<Vec<Stmt>> {
        if self.at_kw("else") {
            let l = self.loc();
            self.bump();
            let b = self.colon_block("'else' statement", l.line, true)?;
            *end = self.end_of_block();
            Ok(b)
        } else {
            Ok(Vec::new())
        }
    }

    fn while_stmt(&mut self) -> PResult<Stmt> {
        let start = self.loc();
        self.bump();
        let test = self.named_expression()?;
        let body = self.colon_block("'while' statement", start.line, false)?;
        let mut end = self.end_of_block();
        let orelse = self.else_block(&mut end)?;
        Ok(Stmt {
            kind: StmtKind::While { test, body, orelse },
            loc: start.to(end),
        })
    }

    fn for_stmt(&mut self) -> PResult<Stmt> {
        let start = self.loc();
        self.bump();
        let target = self.star_targets()?;
        if !self.eat_kw("in") {
            return Err(self.invalid());
        }
        let iter = self.star_expressions()?;
        let body = self.colon_block("'for' statement", start.line, false)?;
        let mut end = self.end_of_block();
        let orelse = self.else_block(&mut end)?;
        Ok(Stmt {
            kind: StmtKind::For {
                target,
                iter,
                body,
                orelse,
            },
            loc: start.to(end),
        })
    }

    fn try_stmt(&mut self) -> PResult<Stmt> {
        let start = self.loc();
        self.bump();
        let body = self.colon_block("'try' statement", start.line, true)?;
        let mut end = self.end_of_block();
        let mut handlers = Vec::new();
        while self.at_kw("except") {
            let hstart = self.loc();
            self.bump();
            if self.at_op("*") {
                self.note_unsupported("'except*' clauses are", 3, hstart);
                self.bump();
            }
            let (type_, name) = if self.at_op(":") {
                (None, None)
            } else if matches!(self.kind(), TokKind::Newline) {
                let loc = self.error_loc(self.pos);
                return Err(CompileError::syntax("expected ':'", loc));
            } else {
                let t = self.expression()?;
                let t = if self.at_op(",") {
                    // `except A, B:` needs parentheses.
                    let loc = t.loc.to(self.loc());
                    let _ = loc;
                    return Err(self.invalid());
                } else {
                    t
                };
                let n = if self.eat_kw("as") {
                    Some(self.name()?.0)
                } else {
                    None
                };
                (Some(t), n)
            };
            let hbody = self.colon_block("'except' statement", hstart.line, false)?;
            let hend = self.end_of_block();
            end = hend;
            handlers.push(ExceptHandler {
                type_,
                name,
                body: hbody,
                loc: hstart.to(hend),
            });
        }
        let orelse = if !handlers.is_empty() {
            self.else_block(&mut end)?
        } else {
            Vec::new()
        };
        let finalbody = if self.at_kw("finally") {
            let l = self.loc();
            self.bump();
            let b = self.colon_block("'finally' statement", l.line, true)?;
            end = self.end_of_block();
            b
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finalbody.is_empty() {
            let loc = self.error_loc(self.pos);
            if self.is_sentinel() {
                return Err(self.invalid());
            }
            return Err(CompileError::syntax(
                "expected 'except' or 'finally' block",
                loc,
            ));
        }
        Ok(Stmt {
            kind: StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            },
            loc: start.to(end),
        })
    }

    /// The error after a complete expression statement that is followed by
    /// more tokens (`print 'x'`, `a b`).
    fn invalid_after_expr(&mut self, first: &Expr) -> CompileError {
        let _ = first;
        self.invalid()
    }
}
