//! Recovering the Python text of an inline `py_fn! { ... }` block.
//!
//! Rust's lexer runs before the macro: it drops comments (so `x // 2`
//! reaches us as `x`) and keeps no indentation. The exact text is still
//! available from `Span::call_site().source_text()` when the macro is called
//! directly by rustc; we slice it from the first token to the closing
//! delimiter. Otherwise (an IDE's proc-macro server, a `macro_rules!`
//! wrapper) the text is rebuilt from token positions, which loses comments.
//!
//! Python line N is Rust line N (earlier lines are left empty), and Python
//! column C is Rust column `C + base_col`, so every position maps back.

use proc_macro2::{Span, TokenStream, TokenTree};

/// A leaf token's position (0-based columns, 1-based lines) and span.
#[derive(Clone, Copy, Debug)]
pub struct TokenPos {
    /// Start line.
    pub line: usize,
    /// Start column.
    pub col: usize,
    /// End line.
    pub end_line: usize,
    /// The token's span.
    pub span: Span,
}

/// Flattens a token stream to its leaves and group delimiters, in order.
pub fn token_positions(tokens: &TokenStream) -> Vec<TokenPos> {
    let mut out = Vec::new();
    collect(tokens.clone(), &mut out);
    out
}

fn collect(tokens: TokenStream, out: &mut Vec<TokenPos>) {
    for tt in tokens {
        match tt {
            TokenTree::Group(g) => {
                out.push(pos_of(g.span_open()));
                collect(g.stream(), out);
                out.push(pos_of(g.span_close()));
            }
            other => out.push(pos_of(other.span())),
        }
    }
}

fn pos_of(span: Span) -> TokenPos {
    let (s, e) = (span.start(), span.end());
    TokenPos {
        line: s.line,
        col: s.column,
        end_line: e.line,
        span,
    }
}

/// The Python text of an inline block.
#[derive(Debug)]
pub struct Recovered {
    /// The source, with Python line N on line N of the Rust file.
    pub text: String,
    /// Rust column of Python column 0.
    pub base_col: usize,
    /// True when the text came from the raw source (comments and `//` kept).
    pub exact: bool,
}

/// Why no Python text could be recovered.
#[derive(Debug)]
pub enum RecoverError {
    /// The block is empty.
    Empty,
    /// Token positions are not available (some IDE proc-macro servers).
    NoPositions,
    /// A token starts left of the block's first token.
    Dedent(TokenPos),
}

/// Recovers the Python text of `tokens`, preferring `call_site_text`.
pub fn recover(
    tokens: &TokenStream,
    call_site: Option<(String, usize, usize)>,
) -> Result<Recovered, RecoverError> {
    let positions = token_positions(tokens);
    let first = *positions.first().ok_or(RecoverError::Empty)?;
    if first.line == 0 {
        return Err(RecoverError::NoPositions);
    }
    let base_col = first.col;
    if let Some(bad) = positions
        .iter()
        .find(|p| p.col < base_col && starts_line(&positions, p))
    {
        return Err(RecoverError::Dedent(*bad));
    }
    let raw = call_site
        .and_then(|(text, line, col)| slice_block(&text, line, col, first.line, first.col));
    let (body, exact) = match raw {
        Some(body) => (body, true),
        None => (rebuild_from_tokens(tokens, first.line, base_col), false),
    };
    let mut text = "\n".repeat(first.line.saturating_sub(1));
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            text.push('\n');
            text.push_str(&strip_indent(line, base_col));
        } else {
            text.push_str(line);
        }
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(Recovered {
        text,
        base_col,
        exact,
    })
}

/// True when no earlier token is on `p`'s line.
fn starts_line(all: &[TokenPos], p: &TokenPos) -> bool {
    !all.iter()
        .any(|q| q.line == p.line && q.col < p.col || q.end_line == p.line && q.line < p.line)
}

/// Removes up to `n` leading whitespace characters.
fn strip_indent(line: &str, n: usize) -> String {
    let mut chars = line.char_indices();
    let mut cut = line.len();
    for _ in 0..n {
        match chars.next() {
            Some((_, c)) if c == ' ' || c == '\t' || c == '\x0c' => {}
            Some((i, _)) => {
                cut = i;
                break;
            }
            None => break,
        }
    }
    if cut == line.len() {
        cut = line
            .char_indices()
            .nth(n)
            .map(|(i, _)| i)
            .unwrap_or(line.len());
    }
    line[cut..].to_string()
}

/// Slices the invocation text from the first token to just before the
/// closing delimiter. `cs_line`/`cs_col` is where the invocation starts.
fn slice_block(
    text: &str,
    cs_line: usize,
    cs_col: usize,
    line: usize,
    col: usize,
) -> Option<String> {
    let (mut l, mut c) = (cs_line, cs_col);
    let mut start = None;
    for (i, ch) in text.char_indices() {
        if l == line && c == col {
            start = Some(i);
            break;
        }
        if ch == '\n' {
            l += 1;
            c = 0;
        } else {
            c += 1;
        }
    }
    let start = start?;
    let trimmed = text.trim_end();
    let trimmed = trimmed.strip_suffix(';').unwrap_or(trimmed).trim_end();
    let end = trimmed
        .strip_suffix('}')
        .or_else(|| trimmed.strip_suffix(')'))
        .or_else(|| trimmed.strip_suffix(']'))?
        .len();
    if end < start {
        return None;
    }
    Some(text[start..end].to_string())
}

/// Rebuilds text by placing every token at its line and column.
fn rebuild_from_tokens(tokens: &TokenStream, first_line: usize, base_col: usize) -> String {
    let mut out = String::new();
    let (mut line, mut col) = (first_line, base_col);
    place(tokens.clone(), &mut out, &mut line, &mut col);
    out
}

fn place(tokens: TokenStream, out: &mut String, line: &mut usize, col: &mut usize) {
    for tt in tokens {
        match tt {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                    proc_macro2::Delimiter::Brace => ("{", "}"),
                    proc_macro2::Delimiter::Bracket => ("[", "]"),
                    proc_macro2::Delimiter::None => ("", ""),
                };
                put(out, line, col, g.span_open(), open);
                place(g.stream(), out, line, col);
                put(out, line, col, g.span_close(), close);
            }
            other => {
                let text = other.to_string();
                put(out, line, col, other.span(), &text);
            }
        }
    }
}

fn put(out: &mut String, line: &mut usize, col: &mut usize, span: Span, text: &str) {
    let start = span.start();
    while *line < start.line {
        out.push('\n');
        *line += 1;
        *col = 0;
    }
    while *col < start.column {
        out.push(' ');
        *col += 1;
    }
    for ch in text.chars() {
        out.push(ch);
        if ch == '\n' {
            *line += 1;
            *col = 0;
        } else {
            *col += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `py_fn! { body }` the way rustc hands it over: the block's
    /// tokens (with positions, thanks to `span-locations`) and the text of
    /// the whole invocation.
    fn recover_invocation(invocation: &str) -> Recovered {
        let ts: TokenStream = invocation.parse().unwrap();
        let body = ts
            .into_iter()
            .find_map(|tt| match tt {
                TokenTree::Group(g) => Some(g.stream()),
                _ => None,
            })
            .unwrap();
        recover(&body, Some((invocation.to_string(), 1, 0))).unwrap()
    }

    #[test]
    fn floor_division_survives_from_the_raw_text() {
        let r = recover_invocation("py_fn! {\n    def f(x):\n        return x // 2\n}");
        assert!(r.exact);
        assert_eq!(r.text, "\ndef f(x):\n    return x // 2\n");
        assert_eq!(r.base_col, 4);
    }

    #[test]
    fn tokens_alone_rebuild_indentation() {
        let src = "\n  def f(x):\n      y = x\n      return y\n";
        let ts: TokenStream = src.parse().unwrap();
        let r = recover(&ts, None).unwrap();
        assert!(!r.exact);
        assert_eq!(r.text, "\ndef f(x):\n    y = x\n    return y\n");
    }

    #[test]
    fn a_token_left_of_the_block_is_a_dedent_error() {
        let src = "\n    def f():\n        return 1\n  x = 2\n";
        let ts: TokenStream = src.parse().unwrap();
        match recover(&ts, None) {
            Err(RecoverError::Dedent(p)) => assert_eq!((p.line, p.col), (4, 2)),
            other => panic!("expected a dedent error, got {other:?}"),
        }
    }

    #[test]
    fn empty_block_is_reported() {
        let ts = TokenStream::new();
        assert!(matches!(recover(&ts, None), Err(RecoverError::Empty)));
    }
}
