//! After a compile error, the module's items are still emitted as stubs, so
//! the user sees one error instead of a cascade of "cannot find `f`".

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Names of the top-level `def`s, read from the text (the parse may have failed).
pub fn top_level_defs(source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in source.lines() {
        let Some(rest) = line.strip_prefix("def") else {
            continue;
        };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let valid_start = name.chars().next().is_some_and(|c| !c.is_ascii_digit());
        if valid_start && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Stub items with the same signatures as the real ones; never run, since
/// the crate does not compile.
pub fn stubs(krate: &TokenStream, defs: &[String]) -> TokenStream {
    let items = defs.iter().filter_map(|name| {
        let ident: proc_macro2::Ident = syn::parse_str(name).ok()?;
        let _ = format_ident!("{}", name);
        Some(quote! {
            #[allow(non_camel_case_types, dead_code)]
            pub struct #ident;
            #[allow(dead_code)]
            impl #ident {
                pub fn call(&self, _args: impl #krate::__private::rt::IntoArgs) -> #krate::PyResult<#krate::Value> {
                    ::core::unreachable!()
                }
                pub fn call_kw(&self, _args: impl #krate::__private::rt::IntoArgs, _kwargs: &[(&str, #krate::Value)]) -> #krate::PyResult<#krate::Value> {
                    ::core::unreachable!()
                }
                pub fn function(&self) -> #krate::Value {
                    ::core::unreachable!()
                }
            }
        })
    });
    quote! {
        #(#items)*
        #[allow(dead_code)]
        pub fn __main__() -> #krate::PyResult<()> {
            ::core::unreachable!()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_defs_only() {
        let src = "def f(x):\n    def g():\n        pass\ndef  h():\n    pass\ndefault = 1\n";
        assert_eq!(top_level_defs(src), ["f", "h"]);
    }
}
