//! Turning a Python position back into Rust spans, and errors into
//! `compile_error!` tokens.

use proc_macro2::{Punct, Spacing, Span, TokenStream, TokenTree};

use crate::source::TokenPos;

/// The first and last token covering the Python range
/// `(line, col)..(end_line, end_col)` of an inline block whose column 0 is
/// Rust column `base_col`. Falls back to the nearest token before the
/// range (text hidden from Rust's lexer, such as `// 2`, has no token).
pub fn span_range(
    tokens: &[TokenPos],
    base_col: usize,
    (line, col): (usize, usize),
    (end_line, end_col): (usize, usize),
) -> Option<(Span, Span)> {
    let start = (line, col + base_col);
    let end = (end_line, end_col + base_col);
    let inside: Vec<&TokenPos> = tokens
        .iter()
        .filter(|t| (t.line, t.col) >= start && ((t.line, t.col) < end || (t.line, t.col) == start))
        .collect();
    if let (Some(first), Some(last)) = (inside.first(), inside.last()) {
        return Some((first.span, last.span));
    }
    // No token starts inside the range (an empty range, or a position in
    // the indentation): the next token on the same line is the one meant.
    if let Some(next) = tokens
        .iter()
        .filter(|t| t.line == line && (t.line, t.col) >= start)
        .min_by_key(|t| t.col)
    {
        return Some((next.span, next.span));
    }
    let before = tokens
        .iter()
        .filter(|t| (t.line, t.col) <= start)
        .max_by_key(|t| (t.line, t.col))
        .or_else(|| tokens.first())?;
    Some((before.span, before.span))
}

/// `compile_error!(msg)` spanning from `first` to `last` (the start/end
/// trick of `syn::Error::new_spanned`, which works on stable).
pub fn error_tokens(first: Span, last: Span, msg: &str) -> TokenStream {
    let mut a = Punct::new('<', Spacing::Alone);
    a.set_span(first);
    let mut b = Punct::new('>', Spacing::Alone);
    b.set_span(last);
    let carrier: TokenStream = [TokenTree::Punct(a), TokenTree::Punct(b)]
        .into_iter()
        .collect();
    syn::Error::new_spanned(carrier, msg).to_compile_error()
}

/// The error message for a file-form error: `path:LINE:COL`, the source
/// line and a caret under the offending text.
pub fn file_message(path: &str, source: &str, err: &py_fn_compiler::CompileError) -> String {
    let line_text = source
        .lines()
        .nth((err.line as usize).saturating_sub(1))
        .unwrap_or("");
    let width = if err.end_line == err.line && err.end_col > err.col {
        (err.end_col - err.col) as usize
    } else {
        1
    };
    let pad: String = line_text
        .chars()
        .take(err.col as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!(
        "{err}\n --> {path}:{}:{}\n  |\n  | {line_text}\n  | {pad}{}",
        err.line,
        err.col + 1,
        "^".repeat(width)
    )
}
