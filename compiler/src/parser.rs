//! The parser: tokens to the AST of [`crate::ast`], by recursive descent over
//! the statement and expression grammar of Python 3.11 (`Grammar/python.gram`).
//!
//! Errors follow CPython 3.11: the first error only, with its exact message
//! and position. CPython's PEG parser runs twice on bad input: a first pass
//! whose furthest token is where a generic `invalid syntax` points, then a
//! second pass with the `invalid_*` rules that name specific mistakes. This
//! parser makes one pass and emulates the second where it matters:
//!
//! - `furthest` is the first pass's furthest token; lookahead that only the
//!   second pass does runs with `freeze` (or `no_invalid`, CPython's
//!   `*_without_invalid` rules) and moves `furthest_any` only;
//! - a generic error makes a sub-parse backtrack, as a PEG alternative does;
//! - tokenizer errors compete with parser errors as in
//!   `_PyPegen_set_syntax_error` (see `Parser::choose_error`): an error the
//!   tokenizer raises wins, an unclosed bracket wins over an error on a later
//!   line, and reaching a tokenizer error reports it.
//!
//! Valid Python that the AST has no node for (`with`, `assert`, `await`,
//! `async`, `except*`) is read and dropped; it is reported as unsupported only
//! if no syntax error follows. `match` statements are reported at once.

mod args;
mod expr;
mod fstring;
mod stmt;
mod targets;

use crate::ast::{Loc, Module};
use crate::error::{CompileError, CompileResult, ErrorKind};
use crate::lexer::{self, TokErrorClass, TokKind, Token, Tokens};

/// Parses a whole module (`compile(source, ..., "exec")`'s parsing step).
///
/// The recursive descent runs on a thread of its own with a
/// [`PARSER_STACK_SIZE`] stack, so that [`MAX_DEPTH`] levels of nesting fit
/// whatever the caller's stack (a 2 MiB test thread, a proc-macro); if no
/// thread can be started it runs on the caller's.
pub fn parse_module(source: &str) -> CompileResult<Module> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("py_fn-parser".to_string())
            .stack_size(PARSER_STACK_SIZE)
            .spawn_scoped(scope, || parse_module_here(source));
        match worker {
            Ok(handle) => match handle.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => parse_module_here(source),
        }
    })
}

/// The stack of the parsing thread: room for [`MAX_DEPTH`] nested
/// expressions in an unoptimised build.
pub const PARSER_STACK_SIZE: usize = 64 * 1024 * 1024;

/// [`parse_module`] on the current thread.
pub fn parse_module_here(source: &str) -> CompileResult<Module> {
    if source.contains('\0') {
        // CPython gives no line for this one; we say line 1.
        return Err(CompileError::syntax(
            "source code string cannot contain null bytes",
            Loc {
                line: 1,
                col: 0,
                end_line: 1,
                end_col: 0,
            },
        ));
    }
    let toks = lexer::tokenize(source);
    let mut p = Parser::new(toks);
    let result = p.file();
    match result {
        Ok(m) => Ok(m),
        Err(e) => Err(clamp_end_to_first_line(p.choose_error(e), source)),
    }
}

/// CPython converts an error's end offset against the text of its *first*
/// line (`byte_offset_to_character_offset`), so an end on a later line is
/// clamped to the first line's length.
fn clamp_end_to_first_line(mut e: CompileError, source: &str) -> CompileError {
    if e.end_line > e.line {
        let first = source
            .split('\n')
            .nth(e.line.saturating_sub(1) as usize)
            .unwrap_or("");
        let len = first.trim_end_matches('\r').chars().count() as u32;
        e.end_col = e.end_col.min(len);
    }
    e
}

/// Nesting limit of the recursive descent (expressions and blocks): deeper
/// input is a clean `SyntaxError`, never a stack overflow.
pub const MAX_DEPTH: usize = 1000;

/// The parser state.
pub(crate) struct Parser {
    toks: Vec<Token>,
    pos: usize,
    /// The furthest token index looked at outside error-only lookahead
    /// (CPython's first-pass `p->fill - 1`, where generic errors point).
    furthest: usize,
    /// The furthest token index looked at at all (CPython's `p->fill - 1`
    /// after its second pass, which decides between a parser error and an
    /// unclosed bracket).
    furthest_any: usize,
    /// The tokenizer error after the last token, if any.
    tok_error: Option<lexer::TokError>,
    /// Current recursion depth.
    depth: usize,
    /// How many brackets enclose the current position.
    bracket_level: usize,
    /// Set while parsing CPython's `expression_without_invalid`.
    no_invalid: bool,
    /// Set while re-reading tokens as CPython's second pass does: generic
    /// errors keep the first pass's position.
    freeze: bool,
    /// The first valid construct the py_fn subset does not take yet. It is
    /// parsed and dropped; reported only when the source has no syntax error
    /// (CPython would compile it, so a real SyntaxError comes first).
    unsupported: Option<CompileError>,
}

/// The result type of parsing functions.
pub(crate) type PResult<T> = Result<T, CompileError>;

impl Parser {
    pub(crate) fn new(t: Tokens) -> Self {
        let mut toks = t.tokens;
        let end = toks.last().map(|t| t.loc).unwrap_or(Loc {
            line: 1,
            col: 0,
            end_line: 1,
            end_col: 0,
        });
        if t.error.is_some() || toks.is_empty() {
            // A sentinel: reaching it means reaching the tokenizer error.
            toks.push(Token {
                kind: TokKind::EndMarker,
                loc: end,
                level: 0,
            });
        }
        Parser {
            toks,
            pos: 0,
            furthest: 0,
            furthest_any: 0,
            tok_error: t.error,
            depth: 0,
            bracket_level: 0,
            no_invalid: false,
            freeze: false,
            unsupported: None,
        }
    }

    /// Picks the error CPython would report, given the parser's error `e`.
    pub(crate) fn choose_error(&self, e: CompileError) -> CompileError {
        let Some(te) = &self.tok_error else {
            return e;
        };
        // `_PyPegen_number_token` raises at once: only an exception of the
        // tokenizer, found by tokenizing the rest, replaces it.
        if crate::messages::is_int_literal_too_long(&e.msg) {
            return match te.class {
                TokErrorClass::Eager => te.error.clone(),
                _ => e,
            };
        }
        let reached = self.furthest_any + 1 >= self.toks.len();
        if reached {
            return te.error.clone();
        }
        // `unexpected indent`/`unindent` are raised without looking further.
        if e.kind == ErrorKind::IndentationError && e.msg.starts_with("unexpected ") {
            return e;
        }
        match te.class {
            TokErrorClass::Eager => te.error.clone(),
            TokErrorClass::UnclosedParen if te.paren_line < self.furthest_line() => {
                te.error.clone()
            }
            _ => e,
        }
    }

    /// The line of the furthest token looked at (CPython's `current_err_line`).
    fn furthest_line(&self) -> u32 {
        self.toks
            .get(self.furthest_any)
            .or(self.toks.last())
            .map(|t| t.loc.line)
            .unwrap_or(1)
    }

    /// The token at `pos + n` (the last token when past the end).
    pub(crate) fn peek_n(&mut self, n: usize) -> &Token {
        let i = (self.pos + n).min(self.toks.len().saturating_sub(1));
        if i > self.furthest && !self.no_invalid && !self.freeze {
            self.furthest = i;
        }
        if i > self.furthest_any {
            self.furthest_any = i;
        }
        // `toks` is never empty (see `new`).
        &self.toks[i]
    }

    /// The token at `pos + n`, looked at without moving the error position
    /// (a lookahead CPython's first pass does not make).
    pub(crate) fn peek_quiet(&self, n: usize) -> &TokKind {
        let i = (self.pos + n).min(self.toks.len().saturating_sub(1));
        self.toks
            .get(i)
            .map(|t| &t.kind)
            .unwrap_or(&TokKind::EndMarker)
    }

    /// The current token.
    pub(crate) fn peek(&mut self) -> &Token {
        self.peek_n(0)
    }

    /// The current token's kind.
    pub(crate) fn kind(&mut self) -> &TokKind {
        &self.peek().kind
    }

    /// The current token's location.
    pub(crate) fn loc(&mut self) -> Loc {
        self.peek().loc
    }

    /// The location of the previous token.
    pub(crate) fn prev_loc(&self) -> Loc {
        self.toks
            .get(self.pos.saturating_sub(1))
            .map(|t| t.loc)
            .unwrap_or_default()
    }

    /// Moves to the next token.
    pub(crate) fn bump(&mut self) {
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
    }

    /// Whether the current token is operator `op`.
    pub(crate) fn at_op(&mut self, op: &str) -> bool {
        matches!(self.kind(), TokKind::Op(o) if *o == op)
    }

    /// Whether the current token is the keyword (or name) `kw`.
    pub(crate) fn at_kw(&mut self, kw: &str) -> bool {
        matches!(self.kind(), TokKind::Name(n) if n == kw)
    }

    /// Consumes operator `op` if present.
    pub(crate) fn eat_op(&mut self, op: &str) -> bool {
        if self.at_op(op) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Consumes keyword `kw` if present.
    pub(crate) fn eat_kw(&mut self, kw: &str) -> bool {
        if self.at_kw(kw) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Requires operator `op`, else a generic syntax error.
    pub(crate) fn expect_op(&mut self, op: &str) -> PResult<Loc> {
        let loc = self.loc();
        if self.eat_op(op) {
            Ok(loc)
        } else {
            Err(self.invalid())
        }
    }

    /// Requires `op` with CPython's forced-token error `expected 'op'`.
    pub(crate) fn expect_forced(&mut self, op: &str) -> PResult<Loc> {
        let loc = self.loc();
        if self.eat_op(op) {
            return Ok(loc);
        }
        if self.is_sentinel() {
            return Err(self.invalid());
        }
        let loc = self.error_loc(self.pos);
        Err(CompileError::syntax(format!("expected '{op}'"), loc))
    }

    fn is_sentinel(&mut self) -> bool {
        self.tok_error.is_some() && self.pos + 1 >= self.toks.len()
    }

    /// A token's location as CPython reports it in errors.
    pub(crate) fn error_loc(&self, i: usize) -> Loc {
        let Some(t) = self.toks.get(i) else {
            return Loc::default();
        };
        t.loc
    }

    /// The generic error at the furthest token: `invalid syntax`, or
    /// `unexpected indent` / `unexpected unindent`.
    pub(crate) fn invalid(&mut self) -> CompileError {
        let i = self.furthest.min(self.toks.len().saturating_sub(1));
        let loc = self.error_loc(i);
        match self.toks.get(i).map(|t| &t.kind) {
            Some(TokKind::Indent) => {
                CompileError::new(ErrorKind::IndentationError, "unexpected indent", loc)
            }
            Some(TokKind::Dedent) => {
                CompileError::new(ErrorKind::IndentationError, "unexpected unindent", loc)
            }
            // ENDMARKER has no column (-1): CPython reports offset 0.
            Some(TokKind::EndMarker) => CompileError::syntax(
                "invalid syntax",
                Loc {
                    col: 0,
                    end_line: loc.line,
                    end_col: 0,
                    ..loc
                },
            ),
            _ => CompileError::syntax("invalid syntax", loc),
        }
    }

    /// Records a construct of a later tier (the first one is reported).
    pub(crate) fn note_unsupported(&mut self, what: &str, tier: u8, loc: Loc) {
        if self.unsupported.is_none() && !self.freeze && !self.no_invalid {
            self.unsupported = Some(CompileError::unsupported(what, tier, loc));
        }
    }

    /// Enters one level of recursion.
    pub(crate) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let loc = self.loc();
            return Err(CompileError::syntax("too many nested parentheses", loc));
        }
        Ok(())
    }

    /// Leaves one level of recursion.
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// `file: [statements] ENDMARKER`
    fn file(&mut self) -> PResult<Module> {
        let mut body = Vec::new();
        loop {
            match self.kind() {
                TokKind::EndMarker => break,
                TokKind::Newline => self.bump(),
                _ => {
                    let stmts = self.statement()?;
                    body.extend(stmts);
                }
            }
        }
        if self.is_sentinel() {
            return Err(self.invalid());
        }
        if let Some(e) = self.unsupported.take() {
            return Err(e);
        }
        Ok(Module { body })
    }
}
