//! The tokenizer: Python 3.11 source text to tokens, after CPython's
//! `Parser/tokenizer.c` (`tok_get`).
//!
//! Indentation becomes `Indent`/`Dedent` tokens (with CPython's tab rules and
//! `TabError`), brackets join lines, `\` continues a line, comments and blank
//! lines vanish. String tokens keep their raw body; [`strings`] decodes them.
//! Name tokens keep their raw text (keywords are matched on it); a name with
//! non-ASCII characters must pass CPython's `verify_identifier` (the
//! Unicode 14.0 XID tables of `xid`), and the parser NFKC-normalises it with
//! [`normalize_identifier`] where it becomes an identifier of the AST.
//!
//! The whole source is tokenized eagerly. A tokenizer error does not stop the
//! token stream at once: it is returned next to the tokens read so far, so the
//! parser can report an earlier syntax error first, as CPython's lazy
//! tokenizer does.

pub mod strings;
mod xid;

use num_bigint::BigInt;
use unicode_normalization::UnicodeNormalization;

use crate::ast::Loc;
use crate::error::{CompileError, ErrorKind};

/// CPython's limit on nested brackets (`MAXLEVEL` in `tokenizer.c`).
pub const MAX_PAREN_LEVEL: usize = 200;
/// CPython's limit on indentation levels (`MAXINDENT`).
pub const MAX_INDENT: usize = 100;
/// CPython 3.11's default limit on the digits of a decimal int conversion
/// (`sys.get_int_max_str_digits()`); longer decimal literals are a
/// `SyntaxError` (hexadecimal, octal and binary ones have no limit).
pub const MAX_STR_DIGITS: usize = 4300;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub enum TokKind {
    /// An identifier or keyword.
    Name(String),
    /// An integer literal.
    Int(BigInt),
    /// A decimal integer literal of more than [`MAX_STR_DIGITS`] digits,
    /// with its digit count (underscores do not count). It is not converted
    /// (the conversion would be quadratic); the parser reports it where
    /// CPython's `_PyPegen_number_token` does.
    HugeInt(usize),
    /// A float literal.
    Float(f64),
    /// An imaginary literal (`3j`).
    Imag(f64),
    /// A string literal (one token of a possible concatenation).
    Str(StrTok),
    /// An operator or delimiter, spelled as in the source (`"**="`).
    Op(&'static str),
    /// A character no token starts with (`$`, `?`); the parser rejects it.
    Unknown(char),
    /// End of a logical line.
    Newline,
    /// One more indentation level.
    Indent,
    /// One indentation level less.
    Dedent,
    /// End of input.
    EndMarker,
}

/// A string literal token: its prefix flags and raw body.
#[derive(Clone, Debug, PartialEq)]
pub struct StrTok {
    /// `b` prefix.
    pub is_bytes: bool,
    /// `r` prefix.
    pub is_raw: bool,
    /// `f` prefix.
    pub is_fstring: bool,
    /// The characters between the quotes, undecoded.
    pub body: String,
    /// Line of the first body character.
    pub body_line: u32,
    /// Column of the first body character.
    pub body_col: u32,
}

/// A token and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokKind,
    /// Its source range. An `Indent` or `Dedent` is empty and sits where
    /// CPython reports `unexpected indent` (the last indentation character);
    /// those at the end of input sit after the last line's last character.
    pub loc: Loc,
    /// How many brackets are open after it (CPython's `token->level`).
    pub level: u32,
}

/// How a tokenizer error competes with a parser error (see CPython's
/// `_PyPegen_tokenize_full_source_to_check_for_errors`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokErrorClass {
    /// Raised as an exception inside the tokenizer (bad numbers, strings,
    /// brackets): it wins over any parser error.
    Eager,
    /// A tokenizer "done" code (`E_DEDENT`, `E_TABSPACE`, ...): reported only
    /// when the parser reaches it.
    Lazy,
    /// End of input inside brackets: `'(' was never closed`, which wins over a
    /// parser error on a later line than the bracket.
    UnclosedParen,
}

/// A tokenizer error and how it competes with parser errors.
#[derive(Clone, Debug, PartialEq)]
pub struct TokError {
    /// The error as reported.
    pub error: CompileError,
    /// Its class.
    pub class: TokErrorClass,
    /// For `UnclosedParen`, the line of the bracket.
    pub paren_line: u32,
    /// For `UnclosedParen`, the index of the bracket's token.
    pub paren_token: usize,
}

/// The result of tokenizing: the tokens read, and the error that ended them.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    /// Tokens in order; ends with `EndMarker` when there is no error.
    pub tokens: Vec<Token>,
    /// The tokenizer error after the last token, if any.
    pub error: Option<TokError>,
}

/// Tokenizes a whole module.
pub fn tokenize(source: &str) -> Tokens {
    let mut lx = Lexer::new(source, 1, 0);
    lx.run();
    Tokens {
        tokens: lx.tokens,
        error: lx.error,
    }
}

/// Tokenizes an f-string replacement field's text `(expr)` whose first
/// character sits at (`line`, `col`); later lines keep their own columns.
pub fn tokenize_at(source: &str, line: u32, col: u32) -> Tokens {
    let mut lx = Lexer::new(source, line, col);
    lx.run();
    Tokens {
        tokens: lx.tokens,
        error: lx.error,
    }
}

const OPS1: [&str; 23] = [
    "%", "&", "(", ")", "*", "+", ",", "-", ".", "/", ":", ";", "<", "=", ">", "@", "[", "]", "^",
    "{", "|", "}", "~",
];

/// The tokenizer state: CPython's `tok_state`, on characters.
struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: u32,
    line_start: usize,
    first_line: u32,
    first_col: u32,
    indstack: Vec<usize>,
    altindstack: Vec<usize>,
    parens: Vec<(char, u32, u32, usize)>,
    at_bol: bool,
    tokens: Vec<Token>,
    error: Option<TokError>,
}

impl Lexer {
    fn new(source: &str, line: u32, col: u32) -> Self {
        // Universal newlines, as CPython's `translate_newlines`.
        let mut chars: Vec<char> = Vec::with_capacity(source.len());
        let mut it = source.chars().peekable();
        while let Some(c) = it.next() {
            if c == '\r' {
                if it.peek() == Some(&'\n') {
                    it.next();
                }
                chars.push('\n');
            } else {
                chars.push(c);
            }
        }
        Lexer {
            chars,
            pos: 0,
            line,
            line_start: 0,
            first_line: line,
            first_col: col,
            indstack: vec![0],
            altindstack: vec![0],
            parens: Vec::new(),
            at_bol: true,
            tokens: Vec::new(),
            error: None,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    /// The column of character index `idx` on the current line.
    fn col_of(&self, idx: usize) -> u32 {
        let c = idx.saturating_sub(self.line_start) as u32;
        if self.line == self.first_line {
            c + self.first_col
        } else {
            c
        }
    }

    fn here(&self, idx: usize) -> (u32, u32) {
        (self.line, self.col_of(idx))
    }

    fn loc(&self, start: (u32, u32), end_idx: usize) -> Loc {
        Loc {
            line: start.0,
            col: start.1,
            end_line: self.line,
            end_col: self.col_of(end_idx),
        }
    }

    fn push(&mut self, kind: TokKind, loc: Loc) {
        let level = self.parens.len() as u32;
        self.tokens.push(Token { kind, loc, level });
    }

    fn point(&self, line: u32, col: u32) -> Loc {
        Loc {
            line,
            col,
            end_line: line,
            end_col: col,
        }
    }

    fn fail(&mut self, kind: ErrorKind, msg: impl Into<String>, loc: Loc, class: TokErrorClass) {
        self.error = Some(TokError {
            error: CompileError::new(kind, msg, loc),
            class,
            paren_line: 0,
            paren_token: 0,
        });
    }

    /// A `syntaxerror(tok, ...)` with the cursor at character index `cur`.
    fn syntax_at_cursor(&mut self, msg: impl Into<String>, cur: usize) {
        let col = self.col_of(cur).saturating_sub(1);
        let loc = self.point(self.line, col);
        self.fail(ErrorKind::SyntaxError, msg, loc, TokErrorClass::Eager);
    }

    /// The length in characters of the current line, without its newline.
    fn line_len(&self) -> usize {
        let mut i = self.line_start;
        while let Some(&c) = self.chars.get(i) {
            if c == '\n' || c == '\r' {
                break;
            }
            i += 1;
        }
        i - self.line_start
    }

    fn newline_char(&mut self) {
        // Consumes "\n", "\r\n" or "\r" at pos.
        if self.peek() == Some('\r') && self.peek_at(1) == Some('\n') {
            self.pos += 2;
        } else {
            self.pos += 1;
        }
        self.line += 1;
        self.line_start = self.pos;
    }

    fn run(&mut self) {
        loop {
            if self.error.is_some() {
                return;
            }
            if self.at_bol {
                self.at_bol = false;
                if !self.indentation() {
                    continue;
                }
                if self.error.is_some() {
                    return;
                }
            }
            if !self.next_token() {
                return;
            }
        }
    }

    /// Reads the indentation of a new line and emits `Indent`/`Dedent`.
    /// Returns false when the line was blank (and has been skipped).
    fn indentation(&mut self) -> bool {
        let mut col = 0usize;
        let mut altcol = 0usize;
        // The indentation of a line split by `\`: the column of the first one.
        let mut cont_line_col: Option<usize> = None;
        let start = self.pos;
        loop {
            match self.peek() {
                Some('\\') => {
                    cont_line_col.get_or_insert(col);
                    let after = self.pos + 1;
                    match self.chars.get(after) {
                        Some('\n') | Some('\r') => {
                            self.pos += 1;
                            self.newline_char();
                            if self.peek().is_none() {
                                let l = self.point(self.line.saturating_sub(1), 1);
                                self.fail(
                                    ErrorKind::SyntaxError,
                                    "unexpected EOF while parsing",
                                    l,
                                    TokErrorClass::Lazy,
                                );
                                return true;
                            }
                            continue;
                        }
                        None => {
                            let l = self.point(self.line, self.col_of(after));
                            self.fail(
                                ErrorKind::SyntaxError,
                                "unexpected EOF while parsing",
                                l,
                                TokErrorClass::Lazy,
                            );
                            return true;
                        }
                        _ => {
                            let l = self.point(self.line, self.col_of(after));
                            self.fail(
                                ErrorKind::SyntaxError,
                                "unexpected character after line continuation character",
                                l,
                                TokErrorClass::Lazy,
                            );
                            return true;
                        }
                    }
                }
                Some(' ') => {
                    col += 1;
                    altcol += 1;
                }
                Some('\t') => {
                    col = (col / 8 + 1) * 8;
                    altcol += 1;
                }
                Some('\x0c') => {
                    col = 0;
                    altcol = 0;
                }
                _ => break,
            }
            self.pos += 1;
        }
        let width = self.pos - start;
        match self.peek() {
            Some('#') | Some('\n') | Some('\r') => {
                // A blank or comment-only line: no indentation change.
                self.skip_comment();
                if matches!(self.peek(), Some('\n') | Some('\r')) {
                    self.newline_char();
                    self.at_bol = true;
                    return false;
                }
                return true;
            }
            None => {
                return true;
            }
            _ => {}
        }
        if !self.parens.is_empty() {
            return true;
        }
        if let Some(c) = cont_line_col {
            col = c;
            altcol = c;
        }
        let top = self.indstack.last().copied().unwrap_or(0);
        let alttop = self.altindstack.last().copied().unwrap_or(0);
        let tab_error = |lx: &mut Lexer| {
            let loc = lx.point(lx.line, lx.col_of(lx.line_start));
            lx.fail(
                ErrorKind::TabError,
                "inconsistent use of tabs and spaces in indentation",
                loc,
                TokErrorClass::Lazy,
            );
        };
        let here = self.col_of(self.pos);
        let ind_loc = Loc {
            line: self.line,
            col: here.saturating_sub(1).max(self.col_of(self.line_start)),
            end_line: self.line,
            end_col: here.saturating_sub(1).max(self.col_of(self.line_start)),
        };
        let _ = width;
        if col == top {
            if altcol != alttop {
                tab_error(self);
            }
        } else if col > top {
            if self.indstack.len() >= MAX_INDENT {
                let loc = self.point(self.line, 0);
                self.fail(
                    ErrorKind::IndentationError,
                    "too many levels of indentation",
                    loc,
                    TokErrorClass::Lazy,
                );
                return true;
            }
            if altcol <= alttop {
                tab_error(self);
                return true;
            }
            self.indstack.push(col);
            self.altindstack.push(altcol);
            self.push(TokKind::Indent, ind_loc);
        } else {
            let mut dedents = 0;
            while self.indstack.len() > 1 && col < self.indstack.last().copied().unwrap_or(0) {
                self.indstack.pop();
                self.altindstack.pop();
                dedents += 1;
            }
            if col != self.indstack.last().copied().unwrap_or(0) {
                let c = self.col_of(self.line_start) + self.line_len() as u32;
                let loc = self.point(self.line, c);
                self.fail(
                    ErrorKind::IndentationError,
                    "unindent does not match any outer indentation level",
                    loc,
                    TokErrorClass::Lazy,
                );
                return true;
            }
            if altcol != self.altindstack.last().copied().unwrap_or(0) {
                tab_error(self);
                return true;
            }
            for _ in 0..dedents {
                self.push(TokKind::Dedent, ind_loc);
            }
        }
        true
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some('#') {
            while let Some(c) = self.peek() {
                if c == '\n' || c == '\r' {
                    break;
                }
                self.pos += 1;
            }
        }
    }

    /// The end of input: pending `Newline`, `Dedent`s and `EndMarker`.
    fn finish(&mut self, comment: Option<u32>) {
        if let Some(&(ch, line, col, index)) = self.parens.last() {
            self.error = Some(TokError {
                error: CompileError::syntax(
                    format!("'{ch}' was never closed"),
                    self.point(line, col),
                ),
                class: TokErrorClass::UnclosedParen,
                paren_line: line,
                paren_token: index,
            });
            return;
        }
        // CPython places the DEDENTs and ENDMARKER of the end of input on
        // the last line, after its last character.
        let at = if self.pos == self.line_start && self.line > self.first_line {
            let prev_start = self.chars[..self.line_start.saturating_sub(1)]
                .iter()
                .rposition(|&c| c == '\n')
                .map(|i| i + 1)
                .unwrap_or(0);
            let len = self.line_start.saturating_sub(1).saturating_sub(prev_start) as u32;
            self.point(self.line - 1, len)
        } else {
            let here = self.here(self.pos);
            self.point(here.0, here.1)
        };
        if let Some(last) = self.tokens.last() {
            if !matches!(
                last.kind,
                TokKind::Newline | TokKind::Dedent | TokKind::Indent
            ) {
                // The newline CPython adds to a last line without one.
                let (line, col) = self.here(self.pos);
                let loc = Loc {
                    line,
                    col: comment.unwrap_or(col),
                    end_line: line,
                    end_col: col,
                };
                self.push(TokKind::Newline, loc);
            }
        }
        while self.indstack.len() > 1 {
            self.indstack.pop();
            self.push(TokKind::Dedent, at);
        }
        self.push(TokKind::EndMarker, at);
    }

    /// Reads one token (after indentation). Returns false at the end.
    fn next_token(&mut self) -> bool {
        // Skip spaces, comments and continuations.
        let mut comment: Option<u32> = None;
        loop {
            match self.peek() {
                Some(' ') | Some('\t') | Some('\x0c') => self.pos += 1,
                Some('#') => {
                    if comment.is_none() {
                        comment = Some(self.col_of(self.pos));
                    }
                    self.skip_comment()
                }
                Some('\\') => {
                    let after = self.pos + 1;
                    match self.chars.get(after) {
                        Some('\n') | Some('\r') => {
                            self.pos += 1;
                            self.newline_char();
                            if self.peek().is_none() {
                                let loc = self.point(self.line, self.col_of(self.pos) + 1);
                                let loc = Loc {
                                    line: self.line - 1,
                                    ..loc
                                };
                                let _ = loc;
                                let prev = self.line - 1;
                                let l = self.point(prev, 1);
                                self.fail(
                                    ErrorKind::SyntaxError,
                                    "unexpected EOF while parsing",
                                    l,
                                    TokErrorClass::Lazy,
                                );
                                return false;
                            }
                        }
                        None => {
                            let l = self.point(self.line, self.col_of(after));
                            self.fail(
                                ErrorKind::SyntaxError,
                                "unexpected EOF while parsing",
                                l,
                                TokErrorClass::Lazy,
                            );
                            return false;
                        }
                        Some(_) => {
                            let l = self.point(self.line, self.col_of(after));
                            self.fail(
                                ErrorKind::SyntaxError,
                                "unexpected character after line continuation character",
                                l,
                                TokErrorClass::Lazy,
                            );
                            return false;
                        }
                    }
                }
                _ => break,
            }
        }
        let start = self.pos;
        let sp = self.here(start);
        let c = match self.peek() {
            None => {
                self.finish(comment);
                return false;
            }
            Some(c) => c,
        };
        if c == '\n' || c == '\r' {
            self.newline_char();
            if self.parens.is_empty() {
                // CPython's NEWLINE starts at a comment before it and ends
                // at the line break.
                let loc = Loc {
                    line: sp.0,
                    col: comment.unwrap_or(sp.1),
                    end_line: sp.0,
                    end_col: sp.1,
                };
                // A line with only a continuation or nothing after indentation
                // produces no NEWLINE when no token preceded it on the line.
                let blank = matches!(
                    self.tokens.last().map(|t| &t.kind),
                    None | Some(TokKind::Newline) | Some(TokKind::Indent) | Some(TokKind::Dedent)
                );
                if !blank {
                    self.push(TokKind::Newline, loc);
                }
                self.at_bol = true;
            }
            return true;
        }
        if is_potential_id_start(c) {
            // CPython's `tok_get`: every non-ASCII character may be part of
            // a name; `verify_identifier` checks the whole run afterwards.
            let mut j = self.pos;
            let mut nonascii = false;
            while let Some(&p) = self.chars.get(j) {
                if is_potential_id_char(p) {
                    nonascii |= !p.is_ascii();
                    j += 1;
                } else {
                    break;
                }
            }
            // String prefixes.
            if let Some(&q) = self.chars.get(j) {
                if (q == '\'' || q == '"') && j - self.pos <= 2 {
                    let prefix: String = self.chars[self.pos..j].iter().collect();
                    if let Some(flags) = string_prefix(&prefix) {
                        self.pos = j;
                        return self.string(start, sp, flags);
                    }
                }
            }
            if nonascii && !self.verify_identifier(start, j) {
                return false;
            }
            let name: String = self.chars[self.pos..j].iter().collect();
            self.pos = j;
            let loc = self.loc(sp, j);
            self.push(TokKind::Name(name), loc);
            return true;
        }
        if c.is_ascii_digit() || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) {
            return self.number(start, sp);
        }
        if c == '\'' || c == '"' {
            return self.string(start, sp, (false, false, false));
        }
        // Operators.
        if let Some((op, len)) = self.operator_at() {
            self.pos += len;
            let loc = self.loc(sp, self.pos);
            match op {
                "(" | "[" | "{" => {
                    if self.parens.len() >= MAX_PAREN_LEVEL {
                        let l = self.point(sp.0, sp.1);
                        self.fail(
                            ErrorKind::SyntaxError,
                            "too many nested parentheses",
                            l,
                            TokErrorClass::Eager,
                        );
                        return false;
                    }
                    let index = self.tokens.len();
                    self.parens.push((c, sp.0, sp.1, index));
                }
                ")" | "]" | "}" => match self.parens.pop() {
                    None => {
                        let l = self.point(sp.0, sp.1);
                        self.fail(
                            ErrorKind::SyntaxError,
                            format!("unmatched '{c}'"),
                            l,
                            TokErrorClass::Eager,
                        );
                        return false;
                    }
                    Some((open, oline, _, _)) => {
                        let expected = match open {
                            '(' => ')',
                            '[' => ']',
                            _ => '}',
                        };
                        if expected != c {
                            let msg = if oline != sp.0 {
                                format!("closing parenthesis '{c}' does not match opening parenthesis '{open}' on line {oline}")
                            } else {
                                format!("closing parenthesis '{c}' does not match opening parenthesis '{open}'")
                            };
                            let l = self.point(sp.0, sp.1);
                            self.fail(ErrorKind::SyntaxError, msg, l, TokErrorClass::Eager);
                            return false;
                        }
                    }
                },
                _ => {}
            }
            self.push(TokKind::Op(op), loc);
            return true;
        }
        self.pos += 1;
        let loc = self.loc(sp, self.pos);
        if c.is_ascii() || c.is_alphanumeric() {
            self.push(TokKind::Unknown(c), loc);
        } else {
            let l = self.point(sp.0, sp.1);
            self.fail(
                ErrorKind::SyntaxError,
                format!("invalid character '{c}' (U+{:04X})", c as u32),
                l,
                TokErrorClass::Eager,
            );
            return false;
        }
        true
    }

    /// CPython's `verify_identifier`: the characters `start..end` must be
    /// `XID_Start` (or `_`) then `XID_Continue`. Otherwise reports the first
    /// bad character (`invalid character '€' (U+20AC)`) at its own column.
    fn verify_identifier(&mut self, start: usize, end: usize) -> bool {
        let run = self.chars.get(start..end).unwrap_or(&[]);
        let bad = run.iter().enumerate().find(|&(k, &ch)| {
            if k == 0 {
                !is_id_start(ch)
            } else {
                !is_id_char(ch)
            }
        });
        let Some((k, &ch)) = bad else {
            return true;
        };
        let msg = if is_printable(ch) {
            format!("invalid character '{ch}' (U+{:04X})", ch as u32)
        } else {
            format!("invalid non-printable character U+{:04X}", ch as u32)
        };
        self.syntax_at_cursor(msg, start + k + 1);
        false
    }

    /// The longest operator or delimiter at the cursor, and its length.
    fn operator_at(&self) -> Option<(&'static str, usize)> {
        let at = |k: usize| self.chars.get(self.pos + k).copied().unwrap_or('\0');
        let (c0, c1, c2) = (at(0), at(1), at(2));
        let three = match (c0, c1, c2) {
            ('*', '*', '=') => Some("**="),
            ('/', '/', '=') => Some("//="),
            ('>', '>', '=') => Some(">>="),
            ('<', '<', '=') => Some("<<="),
            ('.', '.', '.') => Some("..."),
            _ => None,
        };
        if let Some(op) = three {
            return Some((op, 3));
        }
        let two = match (c0, c1) {
            ('!', '=') => Some("!="),
            ('%', '=') => Some("%="),
            ('&', '=') => Some("&="),
            ('*', '*') => Some("**"),
            ('*', '=') => Some("*="),
            ('+', '=') => Some("+="),
            ('-', '=') => Some("-="),
            ('-', '>') => Some("->"),
            ('/', '/') => Some("//"),
            ('/', '=') => Some("/="),
            (':', '=') => Some(":="),
            ('<', '<') => Some("<<"),
            ('<', '=') => Some("<="),
            ('=', '=') => Some("=="),
            ('>', '=') => Some(">="),
            ('>', '>') => Some(">>"),
            ('@', '=') => Some("@="),
            ('^', '=') => Some("^="),
            ('|', '=') => Some("|="),
            ('<', '>') => Some("<>"),
            _ => None,
        };
        if let Some(op) = two {
            return Some((op, 2));
        }
        OPS1.iter()
            .find(|o| o.starts_with(c0) && o.len() == c0.len_utf8())
            .map(|o| (*o, 1))
    }

    fn digits(&mut self, radix: u32, kind: &str) -> Result<String, ()> {
        // Reads digits with single underscores between them.
        let mut s = String::new();
        loop {
            match self.peek() {
                Some(d) if d.is_digit(radix) => {
                    s.push(d);
                    self.pos += 1;
                }
                Some('_') => {
                    self.pos += 1;
                    if !self.peek().is_some_and(|d| d.is_digit(radix)) {
                        self.syntax_at_cursor(format!("invalid {kind} literal"), self.pos);
                        return Err(());
                    }
                }
                _ => return Ok(s),
            }
        }
    }

    /// CPython's `verify_end_of_number`.
    fn end_of_number(&mut self, kind: &str) -> bool {
        let c = match self.peek() {
            Some(c) => c,
            None => return true,
        };
        // CPython's `lookahead`: the keyword must end there ("1or" but not
        // "1orig"); after 'i' any of 'f', 'n', 's' will do.
        let ends_with_kw = |kw: &str| {
            let n = kw.chars().count();
            let matches = kw
                .chars()
                .enumerate()
                .all(|(k, ch)| self.chars.get(self.pos + k) == Some(&ch));
            matches
                && !self
                    .chars
                    .get(self.pos + n)
                    .is_some_and(|&c| is_potential_id_char(c))
        };
        let kw = ends_with_kw("and")
            || ends_with_kw("else")
            || ends_with_kw("for")
            || ends_with_kw("or")
            || ends_with_kw("not")
            || (c == 'i'
                && matches!(
                    self.chars.get(self.pos + 1),
                    Some('f') | Some('n') | Some('s')
                ));
        if kw {
            return true;
        }
        // CPython tests the byte: a non-ASCII character does not count.
        if c.is_ascii() && is_potential_id_char(c) {
            self.syntax_at_cursor(format!("invalid {kind} literal"), self.pos);
            return false;
        }
        true
    }

    fn number(&mut self, start: usize, sp: (u32, u32)) -> bool {
        let c = self.peek().unwrap_or('0');
        if c == '0' {
            let radix = match self.peek_at(1) {
                Some('x') | Some('X') => Some((16, "hexadecimal")),
                Some('o') | Some('O') => Some((8, "octal")),
                Some('b') | Some('B') => Some((2, "binary")),
                _ => None,
            };
            if let Some((radix, kind)) = radix {
                self.pos += 2;
                if self.peek() == Some('_') {
                    self.pos += 1;
                }
                if !self.peek().is_some_and(|d| d.is_digit(radix)) {
                    if radix < 10 && self.peek().is_some_and(|d| d.is_ascii_digit()) {
                        let d = self.peek().unwrap_or('0');
                        self.pos += 1;
                        self.syntax_at_cursor(
                            format!("invalid digit '{d}' in {kind} literal"),
                            self.pos,
                        );
                    } else {
                        self.syntax_at_cursor(format!("invalid {kind} literal"), self.pos);
                    }
                    return false;
                }
                let Ok(ds) = self.digits(radix, kind) else {
                    return false;
                };
                if radix < 10 && self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    let d = self.peek().unwrap_or('0');
                    self.pos += 1;
                    self.syntax_at_cursor(
                        format!("invalid digit '{d}' in {kind} literal"),
                        self.pos,
                    );
                    return false;
                }
                if !self.end_of_number(kind) {
                    return false;
                }
                let v = BigInt::parse_bytes(ds.as_bytes(), radix).unwrap_or_default();
                let loc = self.loc(sp, self.pos);
                self.push(TokKind::Int(v), loc);
                return true;
            }
        }
        // Decimal integer / float / imaginary.
        let mut text = String::new();
        let mut is_float = false;
        if c != '.' {
            let Ok(ds) = self.digits(10, "decimal") else {
                return false;
            };
            text.push_str(&ds);
        }
        let int_end = self.pos;
        if self.peek() == Some('.') {
            is_float = true;
            self.pos += 1;
            text.push('.');
            if self.peek().is_some_and(|d| d.is_ascii_digit()) {
                let Ok(ds) = self.digits(10, "decimal") else {
                    return false;
                };
                text.push_str(&ds);
            }
        }
        if matches!(self.peek(), Some('e') | Some('E')) {
            let save = self.pos;
            self.pos += 1;
            let mut exp = String::from("e");
            if matches!(self.peek(), Some('+') | Some('-')) {
                exp.push(self.peek().unwrap_or('+'));
                self.pos += 1;
                if !self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    self.syntax_at_cursor("invalid decimal literal", self.pos);
                    return false;
                }
            }
            if self.peek().is_some_and(|d| d.is_ascii_digit()) {
                let Ok(ds) = self.digits(10, "decimal") else {
                    return false;
                };
                exp.push_str(&ds);
                text.push_str(&exp);
                is_float = true;
            } else {
                // "1else": the 'e' starts a keyword.
                self.pos = save;
                if !self.end_of_number("decimal") {
                    return false;
                }
                return self.finish_decimal(start, sp, text, is_float, int_end);
            }
        }
        if matches!(self.peek(), Some('j') | Some('J')) {
            self.pos += 1;
            if !self.end_of_number("imaginary") {
                return false;
            }
            let v = text.parse::<f64>().unwrap_or(f64::INFINITY);
            let loc = self.loc(sp, self.pos);
            self.push(TokKind::Imag(v), loc);
            return true;
        }
        if !self.end_of_number("decimal") {
            return false;
        }
        self.finish_decimal(start, sp, text, is_float, int_end)
    }

    fn finish_decimal(
        &mut self,
        start: usize,
        sp: (u32, u32),
        text: String,
        is_float: bool,
        int_end: usize,
    ) -> bool {
        if is_float {
            let v = text.parse::<f64>().unwrap_or(f64::INFINITY);
            let loc = self.loc(sp, self.pos);
            self.push(TokKind::Float(v), loc);
            return true;
        }
        if text.len() > 1 && text.starts_with('0') && text.bytes().any(|b| b != b'0') {
            // Old-style octal: the range ends after the first non-zero digit.
            let mut i = start;
            while let Some(&ch) = self.chars.get(i) {
                if ch == '0' || ch == '_' {
                    i += 1;
                } else {
                    break;
                }
            }
            let _ = int_end;
            let loc = Loc {
                line: sp.0,
                col: sp.1,
                end_line: sp.0,
                end_col: self.col_of(i + 1).saturating_sub(1),
            };
            self.fail(
                ErrorKind::SyntaxError,
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                loc,
                TokErrorClass::Eager,
            );
            return false;
        }
        let loc = self.loc(sp, self.pos);
        if text.len() > MAX_STR_DIGITS && text.bytes().any(|b| b != b'0') {
            self.push(TokKind::HugeInt(text.len()), loc);
            return true;
        }
        let v = BigInt::parse_bytes(text.as_bytes(), 10).unwrap_or_default();
        self.push(TokKind::Int(v), loc);
        true
    }

    fn string(&mut self, start: usize, sp: (u32, u32), flags: (bool, bool, bool)) -> bool {
        let _ = start;
        let quote = self.peek().unwrap_or('"');
        let triple = self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote);
        let qlen = if triple { 3 } else { 1 };
        self.pos += qlen;
        let body_start = self.pos;
        let (body_line, body_col) = self.here(body_start);
        let start_line = sp.0;
        loop {
            let Some(c) = self.peek() else {
                // The line of the last character read (CPython's `tok->lineno`).
                let at_line = if self.pos > 0 && self.pos == self.line_start {
                    self.line.saturating_sub(1).max(start_line)
                } else {
                    self.line
                };
                let msg = if triple {
                    format!(
                        "unterminated triple-quoted string literal (detected at line {at_line})"
                    )
                } else {
                    format!("unterminated string literal (detected at line {at_line})")
                };
                let l = self.point(start_line, sp.1);
                self.fail(ErrorKind::SyntaxError, msg, l, TokErrorClass::Eager);
                return false;
            };
            if c == quote {
                if !triple {
                    break;
                }
                if self.peek_at(1) == Some(quote) && self.peek_at(2) == Some(quote) {
                    break;
                }
                self.pos += 1;
            } else if c == '\\' {
                self.pos += 1;
                match self.peek() {
                    Some('\n') | Some('\r') => self.newline_char(),
                    Some(_) => self.pos += 1,
                    None => {}
                }
            } else if c == '\n' || c == '\r' {
                if !triple {
                    let msg = format!(
                        "unterminated string literal (detected at line {})",
                        self.line
                    );
                    let l = self.point(start_line, sp.1);
                    self.fail(ErrorKind::SyntaxError, msg, l, TokErrorClass::Eager);
                    return false;
                }
                self.newline_char();
            } else {
                self.pos += 1;
            }
        }
        let body: String = self.chars[body_start..self.pos].iter().collect();
        self.pos += qlen;
        let loc = self.loc(sp, self.pos);
        let (is_bytes, is_raw, is_fstring) = flags;
        self.push(
            TokKind::Str(StrTok {
                is_bytes,
                is_raw,
                is_fstring,
                body,
                body_line,
                body_col,
            }),
            loc,
        );
        true
    }
}

/// `(bytes, raw, f)` for a valid string prefix.
fn string_prefix(p: &str) -> Option<(bool, bool, bool)> {
    let lower = p.to_ascii_lowercase();
    match lower.as_str() {
        "r" => Some((false, true, false)),
        "u" => Some((false, false, false)),
        "b" => Some((true, false, false)),
        "f" => Some((false, false, true)),
        "rb" | "br" => Some((true, true, false)),
        "fr" | "rf" => Some((false, true, true)),
        _ => None,
    }
}

/// Whether `c` can start an identifier (`XID_Start` or `_`, on the
/// Unicode 14.0 tables of CPython 3.11).
pub fn is_id_start(c: char) -> bool {
    if c.is_ascii() {
        c == '_' || c.is_ascii_alphabetic()
    } else {
        xid::in_table(xid::XID_START, c)
    }
}

/// Whether `c` can continue an identifier (`XID_Continue`, Unicode 14.0).
pub fn is_id_char(c: char) -> bool {
    if c.is_ascii() {
        c == '_' || c.is_ascii_alphanumeric()
    } else {
        xid::in_table(xid::XID_CONTINUE, c)
    }
}

/// Whether `str.isprintable()` holds for `c` (it chooses between CPython's
/// two messages for a character that cannot be in a name).
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        (' '..='~').contains(&c)
    } else {
        xid::in_table(xid::PRINTABLE, c)
    }
}

/// CPython's `is_potential_identifier_start`: an ASCII letter, `_`, or any
/// non-ASCII character (checked afterwards by `verify_identifier`).
fn is_potential_id_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic() || !c.is_ascii()
}

/// CPython's `is_potential_identifier_char`.
fn is_potential_id_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric() || !c.is_ascii()
}

/// CPython's `_PyPegen_new_identifier`: a name as the AST holds it, NFKC
/// normalised when it has non-ASCII characters (`ℌ` is `H`, `ｘ` is `x`).
///
/// Keywords are recognised on the raw token text before this (`ｉｆ` is the
/// name `if`, never the keyword), so the parser calls it only where it makes
/// an identifier of a `NAME` token.
pub fn normalize_identifier(raw: &str) -> String {
    if raw.is_ascii() {
        raw.to_string()
    } else {
        raw.nfkc().collect()
    }
}
