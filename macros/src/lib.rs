//! The `py_fn!` procedural macro. This crate is a thin shell: it reads the
//! input form, recovers the Python text, hands it to `py_fn_compiler`, and
//! maps compile errors back to spans. Use it through the `py_fn` facade.

use proc_macro::TokenStream;

mod expand;
mod fallback;
mod input;
mod source;
mod spans;

/// Compiles a Python module at build time. See the `py_fn` crate's documentation.
#[proc_macro]
pub fn py_fn(input: TokenStream) -> TokenStream {
    expand::expand(input.into()).into()
}
