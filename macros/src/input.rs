//! The two input forms: inline Python tokens, and `file = "path.py"`.

use proc_macro2::{Literal, TokenStream, TokenTree};

/// What the macro was given.
pub enum Input {
    /// `py_fn!(file = "path.py")`: the path literal (for spans) and its value.
    File { lit: Literal, path: String },
    /// `py_fn! { <python> }`.
    Inline(TokenStream),
}

/// Recognises `file = "..."`; anything else is inline Python.
pub fn classify(tokens: TokenStream) -> Input {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    if let [TokenTree::Ident(kw), TokenTree::Punct(eq), TokenTree::Literal(lit)] = trees.as_slice()
    {
        if kw == "file" && eq.as_char() == '=' {
            if let Some(path) = string_literal_value(&lit.to_string()) {
                return Input::File {
                    lit: lit.clone(),
                    path,
                };
            }
        }
    }
    Input::Inline(tokens)
}

/// The value of a plain (non-raw, escape-free) Rust string literal or a raw one.
fn string_literal_value(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix('r') {
        let hashes = rest.chars().take_while(|&c| c == '#').count();
        let inner = rest.get(hashes..)?;
        let inner = inner.strip_prefix('"')?;
        let inner = inner.get(..inner.len().checked_sub(hashes + 1)?)?;
        return Some(inner.to_string());
    }
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        return None;
    }
    Some(inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_form_is_recognised() {
        let ts: TokenStream = r#"file = "py/x.py""#.parse().unwrap();
        match classify(ts) {
            Input::File { path, .. } => assert_eq!(path, "py/x.py"),
            Input::Inline(_) => panic!("expected the file form"),
        }
    }

    #[test]
    fn raw_string_path_is_accepted() {
        let ts: TokenStream = r###"file = r#"a b.py"#"###.parse().unwrap();
        match classify(ts) {
            Input::File { path, .. } => assert_eq!(path, "a b.py"),
            Input::Inline(_) => panic!("expected the file form"),
        }
    }

    #[test]
    fn python_assignment_to_file_is_inline() {
        let ts: TokenStream = "file = 3".parse().unwrap();
        assert!(matches!(classify(ts), Input::Inline(_)));
    }
}
