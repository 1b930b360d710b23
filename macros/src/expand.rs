//! The macro's work: read the input, compile, and map errors to spans.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::fallback;
use crate::input::{self, Input};
use crate::source::{self, RecoverError};
use crate::spans;

/// Expands one `py_fn!` invocation.
pub fn expand(tokens: TokenStream) -> TokenStream {
    let krate = quote!(::py_fn);
    match input::classify(tokens) {
        Input::File { lit, path } => expand_file(&krate, &lit, &path),
        Input::Inline(tokens) => expand_inline(&krate, tokens),
    }
}

fn options(krate: &TokenStream) -> py_fn_compiler::rustgen::RustgenOptions {
    py_fn_compiler::rustgen::RustgenOptions {
        krate: krate.clone(),
    }
}

fn expand_file(krate: &TokenStream, lit: &proc_macro2::Literal, path: &str) -> TokenStream {
    let span = lit.span();
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let mut full = dir.join(path);
    if !full.exists() {
        // Also accept a path relative to the invoking source file.
        if let Some(near) = Span::call_site()
            .local_file()
            .and_then(|f| f.parent().map(|d| dir.join(d).join(path)))
        {
            if near.exists() {
                full = near;
            }
        }
    }
    let source = match std::fs::read_to_string(&full) {
        Ok(s) => s,
        Err(e) => {
            let msg = format!("py_fn!: cannot read `{}`: {e}", full.display());
            let err = spans::error_tokens(span, span, &msg);
            let stubs = fallback::stubs(krate, &[]);
            return quote! { #err #stubs };
        }
    };
    let full_text = full.to_string_lossy().into_owned();
    let track = quote! { const _: &[u8] = ::core::include_bytes!(#full_text); };
    match py_fn_compiler::compile_to_rust(&source, path, &options(krate)) {
        Ok(items) => quote! { #track #items },
        Err(err) => {
            let msg = spans::file_message(path, &source, &err);
            let error = spans::error_tokens(span, span, &msg);
            let stubs = fallback::stubs(krate, &fallback::top_level_defs(&source));
            quote! { #track #error #stubs }
        }
    }
}

fn expand_inline(krate: &TokenStream, tokens: TokenStream) -> TokenStream {
    let call_site = Span::call_site();
    let cs_text = call_site.source_text().map(|text| {
        let start = call_site.start();
        (text, start.line, start.column)
    });
    let positions = source::token_positions(&tokens);
    let recovered = match source::recover(&tokens, cs_text) {
        Ok(r) => r,
        Err(RecoverError::Empty) => return fallback::stubs(krate, &[]),
        Err(RecoverError::NoPositions) => {
            // No positions (an IDE's proc-macro server): emit the items'
            // shapes only, without a bogus error.
            let text = tokens.to_string();
            return fallback::stubs(krate, &defs_from_flat_tokens(&text));
        }
        Err(RecoverError::Dedent(p)) => {
            let err = spans::error_tokens(
                p.span,
                p.span,
                "IndentationError: unindent does not match any outer indentation level \
                 (a line of a py_fn! block starts left of the block's first line)",
            );
            let stubs = fallback::stubs(krate, &[]);
            return quote! { #err #stubs };
        }
    };
    let filename = call_site
        .local_file()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|| "<py_fn>".to_string());
    match py_fn_compiler::compile_to_rust(&recovered.text, &filename, &options(krate)) {
        Ok(items) => items,
        Err(err) => {
            let (first, last) = spans::span_range(
                &positions,
                recovered.base_col,
                (err.line as usize, err.col as usize),
                (err.end_line as usize, err.end_col as usize),
            )
            .unwrap_or((call_site, call_site));
            let mut msg = err.to_string();
            if !recovered.exact {
                msg.push_str(
                    "\n(py_fn! could not read the block's source text, so comments and `//` \
                     were lost; call py_fn! directly, or use py_fn!(file = \"...\"))",
                );
            }
            let error = spans::error_tokens(first, last, &msg);
            let stubs = fallback::stubs(krate, &fallback::top_level_defs(&recovered.text));
            quote! { #error #stubs }
        }
    }
}

/// `def name` pairs in a flat token text (no positions available).
fn defs_from_flat_tokens(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    for pair in words.windows(2) {
        if pair[0] == "def" {
            let name: String = pair[1]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}
