//! String literals: implicit concatenation, bytes, and f-strings as
//! `JoinedStr`/`FormattedValue`, after CPython 3.11's `Parser/string_parser.c`
//! (including its positions: literal parts and replacement fields carry the
//! whole concatenation's range, a format spec the range of its own token).

use super::{PResult, Parser};
use crate::ast::{Constant, Expr, ExprKind, Loc};
use crate::error::CompileError;
use crate::lexer::strings::{decode_bytes, decode_str};
use crate::lexer::{self, StrTok, TokKind};

use super::expr::mk;

/// One string token of a concatenation.
struct Piece {
    tok: StrTok,
    loc: Loc,
}

/// The state of `FstringParser`: the pending literal and the values so far.
struct Joined {
    last_str: String,
    values: Vec<Expr>,
    fmode: bool,
}

impl Joined {
    fn new() -> Self {
        Joined {
            last_str: String::new(),
            values: Vec::new(),
            fmode: false,
        }
    }

    /// Flushes the pending literal as a `Constant` at `loc`.
    fn flush(&mut self, loc: Loc) {
        if !self.last_str.is_empty() {
            let s = std::mem::take(&mut self.last_str);
            self.values
                .push(mk(ExprKind::Constant(Constant::Str(s)), loc));
        }
    }
}

/// Where an error inside an f-string is reported: the token after the strings.
struct FCtx {
    whole: Loc,
    err: Loc,
    depth: usize,
}

impl Parser {
    /// `strings: STRING+`: concatenates adjacent string tokens.
    pub(crate) fn strings(&mut self) -> PResult<Expr> {
        let mut pieces = Vec::new();
        while let TokKind::Str(s) = self.kind() {
            let s = s.clone();
            let loc = self.loc();
            pieces.push(Piece { tok: s, loc });
            self.bump();
        }
        // CPython reports string errors at the token after the strings.
        let err = self.error_loc_current();
        let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
            return Err(self.invalid());
        };
        let whole = first.loc.to(last.loc);
        let bytes_count = pieces.iter().filter(|p| p.tok.is_bytes).count();
        if bytes_count != 0 && bytes_count != pieces.len() {
            return Err(CompileError::syntax(
                "cannot mix bytes and nonbytes literals",
                err,
            ));
        }
        if bytes_count != 0 {
            let mut out = Vec::new();
            for p in &pieces {
                match decode_bytes(&p.tok.body, p.tok.is_raw) {
                    Ok(b) => out.extend(b),
                    Err(e) => {
                        let loc = if e.msg.starts_with("bytes can only") {
                            p.loc
                        } else {
                            err
                        };
                        return Err(CompileError::syntax(e.msg, loc));
                    }
                }
            }
            return Ok(mk(ExprKind::Constant(Constant::Bytes(out)), whole));
        }
        if !pieces.iter().any(|p| p.tok.is_fstring) {
            let mut out = String::new();
            for p in &pieces {
                match decode_str(&p.tok.body, p.tok.is_raw) {
                    Ok(s) => out.push_str(&s),
                    Err(e) => return Err(CompileError::syntax(e.msg, err)),
                }
            }
            return Ok(mk(ExprKind::Constant(Constant::Str(out)), whole));
        }
        let mut cx = FCtx {
            whole,
            err,
            depth: self.depth,
        };
        let mut state = Joined::new();
        state.fmode = true;
        for p in &pieces {
            if p.tok.is_fstring {
                let chars: Vec<char> = p.tok.body.chars().collect();
                let mut i = 0;
                fstring_parse(&mut cx, p, &chars, &mut i, 0, &mut state)?;
            } else {
                match decode_str(&p.tok.body, p.tok.is_raw) {
                    Ok(s) => state.last_str.push_str(&s),
                    Err(e) => return Err(CompileError::syntax(e.msg, err)),
                }
            }
        }
        state.flush(whole);
        Ok(mk(ExprKind::JoinedStr(state.values), whole))
    }

    /// The error location of the current token.
    fn error_loc_current(&mut self) -> Loc {
        let _ = self.peek();
        self.error_loc(self.pos)
    }
}

fn ferr(cx: &FCtx, msg: &str) -> CompileError {
    CompileError::syntax(msg, cx.err)
}

/// The (line, col) of body character `idx`.
fn pos_of(p: &Piece, chars: &[char], idx: usize) -> (u32, u32) {
    let mut line = p.tok.body_line;
    let mut col = p.tok.body_col;
    for &c in chars.iter().take(idx) {
        if c == '\n' {
            line += 1;
            col = 0;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// Parses f-string text from `*i` until the end (level 0) or a `}` (a format
/// spec, level 1), appending to `state`.
fn fstring_parse(
    cx: &mut FCtx,
    p: &Piece,
    chars: &[char],
    i: &mut usize,
    level: u32,
    state: &mut Joined,
) -> PResult<()> {
    loop {
        // A literal part.
        let lit_start = *i;
        let mut s = *i;
        let mut doubled = false;
        while let Some(&ch) = chars.get(s) {
            s += 1;
            let mut ch = ch;
            if !p.tok.is_raw && ch == '\\' && s < chars.len() {
                ch = chars.get(s).copied().unwrap_or(' ');
                s += 1;
                if ch == 'N' {
                    if chars.get(s) == Some(&'{') {
                        s += 1;
                        while let Some(&c) = chars.get(s) {
                            s += 1;
                            if c == '}' {
                                break;
                            }
                        }
                    }
                    continue;
                }
            }
            if ch == '{' || ch == '}' {
                if level == 0 {
                    if chars.get(s) == Some(&ch) {
                        doubled = true;
                        break;
                    }
                    if ch == '}' {
                        return Err(ferr(cx, "f-string: single '}' is not allowed"));
                    }
                }
                s -= 1;
                break;
            }
        }
        let lit_end = s;
        if lit_start != lit_end {
            let text: String = chars
                .get(lit_start..lit_end)
                .unwrap_or(&[])
                .iter()
                .collect();
            let decoded =
                decode_str(&text, p.tok.is_raw).map_err(|e| CompileError::syntax(e.msg, cx.err))?;
            state.last_str.push_str(&decoded);
        }
        if doubled {
            *i = s + 1;
            continue;
        }
        *i = s;
        match chars.get(*i) {
            None => return Ok(()),
            Some('}') => {
                // End of a format spec: the caller checks it.
                return Ok(());
            }
            Some(_) => {
                // '{': a replacement field.
                let (text, fv) = fstring_find_expr(cx, p, chars, i, level)?;
                if let Some(t) = text {
                    state.last_str.push_str(&t);
                }
                state.flush(cx.whole);
                state.values.push(fv);
            }
        }
    }
}

/// Parses `{expr[=][!c][:spec]}` at `*i` (which is at `{`).
fn fstring_find_expr(
    cx: &mut FCtx,
    p: &Piece,
    chars: &[char],
    i: &mut usize,
    level: u32,
) -> PResult<(Option<String>, Expr)> {
    if level >= 2 {
        return Err(ferr(cx, "f-string: expressions nested too deeply"));
    }
    let brace = *i;
    *i += 1;
    let expr_start = *i;
    let mut quote: Option<(char, usize)> = None;
    let mut nested: Vec<char> = Vec::new();
    while let Some(&ch) = chars.get(*i) {
        if ch == '\\' {
            return Err(ferr(
                cx,
                "f-string expression part cannot include a backslash",
            ));
        }
        if let Some((q, n)) = quote {
            if ch == q {
                if n == 3 {
                    if chars.get(*i + 1) == Some(&q) && chars.get(*i + 2) == Some(&q) {
                        *i += 3;
                        quote = None;
                        continue;
                    }
                } else {
                    quote = None;
                }
            }
            *i += 1;
            continue;
        }
        match ch {
            '\'' | '"' => {
                if chars.get(*i + 1) == Some(&ch) && chars.get(*i + 2) == Some(&ch) {
                    quote = Some((ch, 3));
                    *i += 3;
                    continue;
                }
                quote = Some((ch, 1));
            }
            '[' | '(' | '{' => {
                if nested.len() >= 200 {
                    return Err(ferr(cx, "f-string: too many nested parenthesis"));
                }
                nested.push(ch);
            }
            '#' => {
                return Err(ferr(cx, "f-string expression part cannot include '#'"));
            }
            _ if nested.is_empty() && matches!(ch, '!' | ':' | '}' | '=' | '>' | '<') => {
                let next = chars.get(*i + 1).copied();
                if next == Some('=') && matches!(ch, '!' | '=' | '<' | '>') {
                    *i += 2;
                    continue;
                }
                if ch == '>' || ch == '<' {
                    *i += 1;
                    continue;
                }
                break;
            }
            ']' | ')' | '}' => {
                let Some(open) = nested.pop() else {
                    return Err(ferr(cx, &format!("f-string: unmatched '{ch}'")));
                };
                let want = match open {
                    '(' => ')',
                    '[' => ']',
                    _ => '}',
                };
                if ch != want {
                    return Err(ferr(
                        cx,
                        &format!(
                            "f-string: closing parenthesis '{ch}' does not match opening parenthesis '{open}'"
                        ),
                    ));
                }
            }
            _ => {}
        }
        *i += 1;
    }
    let expr_end = *i;
    if quote.is_some() {
        return Err(ferr(cx, "f-string: unterminated string"));
    }
    if let Some(open) = nested.last() {
        return Err(ferr(cx, &format!("f-string: unmatched '{open}'")));
    }
    if *i >= chars.len() {
        return Err(ferr(cx, "f-string: expecting '}'"));
    }
    let expr_chars = chars.get(expr_start..expr_end).unwrap_or(&[]);
    if expr_chars
        .iter()
        .all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c'))
    {
        if let Some(&c @ ('=' | '!' | ':')) = chars.get(*i) {
            return Err(ferr(
                cx,
                &format!("f-string: expression required before '{c}'"),
            ));
        }
    }
    let value = compile_expr(cx, p, chars, brace, expr_chars)?;
    let mut debug_text: Option<String> = None;
    if chars.get(*i) == Some(&'=') {
        *i += 1;
        while chars.get(*i).is_some_and(|c| c.is_ascii_whitespace()) {
            *i += 1;
        }
        if *i >= chars.len() {
            return Err(ferr(cx, "f-string: expecting '}'"));
        }
        debug_text = Some(chars.get(expr_start..*i).unwrap_or(&[]).iter().collect());
    }
    let mut conversion = -1i32;
    if chars.get(*i) == Some(&'!') {
        *i += 1;
        let Some(&c) = chars.get(*i) else {
            return Err(ferr(cx, "f-string: expecting '}'"));
        };
        *i += 1;
        if !matches!(c, 's' | 'r' | 'a') {
            return Err(ferr(
                cx,
                "f-string: invalid conversion character: expected 's', 'r', or 'a'",
            ));
        }
        conversion = c as i32;
    }
    let mut format_spec = None;
    if *i >= chars.len() {
        return Err(ferr(cx, "f-string: expecting '}'"));
    }
    if chars.get(*i) == Some(&':') {
        *i += 1;
        if *i >= chars.len() {
            return Err(ferr(cx, "f-string: expecting '}'"));
        }
        let mut spec = Joined::new();
        fstring_parse(cx, p, chars, i, level + 1, &mut spec)?;
        spec.flush(p.loc);
        format_spec = Some(Box::new(mk(ExprKind::JoinedStr(spec.values), p.loc)));
    }
    if chars.get(*i) != Some(&'}') {
        return Err(ferr(cx, "f-string: expecting '}'"));
    }
    *i += 1;
    if debug_text.is_some() && format_spec.is_none() && conversion == -1 {
        conversion = 'r' as i32;
    }
    let fv = mk(
        ExprKind::FormattedValue {
            value: Box::new(value),
            conversion,
            format_spec,
        },
        cx.whole,
    );
    Ok((debug_text, fv))
}

/// Parses the text of a replacement field as `(expr)`, at its real position
/// (CPython's `fstring_compile_expr` and `fstring_find_expr_location`).
fn compile_expr(
    cx: &mut FCtx,
    p: &Piece,
    chars: &[char],
    brace: usize,
    expr: &[char],
) -> PResult<Expr> {
    if expr
        .iter()
        .all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c'))
    {
        return Err(ferr(cx, "f-string: empty expression not allowed"));
    }
    let (bline, bcol) = pos_of(p, chars, brace);
    // The `(` stands where the `{` is; CPython's shifted positions come out
    // as the real ones on every line.
    let col = bcol;
    let mut src = String::with_capacity(expr.len() + 2);
    src.push('(');
    src.extend(expr.iter());
    src.push(')');
    let toks = lexer::tokenize_at(&src, bline, col);
    let mut sub = Parser::new(toks);
    sub.depth = cx.depth + 1;
    let r = sub.fstring_expr();
    match r {
        Ok(e) => Ok(e),
        Err(e) => {
            let e = sub.choose_error(e);
            let from_tokenizer = sub.tok_error.as_ref().is_some_and(|t| t.error == e);
            let mut e2 = e.clone();
            if e2.kind != crate::error::ErrorKind::Unsupported {
                if !from_tokenizer {
                    e2.msg = format!("f-string: {}", e2.msg);
                }
                // CPython reports columns relative to the `(expr)` text.
                e2.col = e2.col.saturating_sub(col);
                e2.end_col = e2.end_col.saturating_sub(col);
            }
            Err(e2)
        }
    }
}

impl Parser {
    /// `fstring: star_expressions` over the `(expr)` text.
    fn fstring_expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let e = self.star_expressions();
        self.leave();
        let e = e?;
        while matches!(self.kind(), TokKind::Newline) {
            self.bump();
        }
        if !matches!(self.kind(), TokKind::EndMarker) || self.tok_error.is_some() {
            return Err(self.invalid());
        }
        if let Some(u) = self.unsupported.take() {
            return Err(u);
        }
        Ok(e)
    }
}
