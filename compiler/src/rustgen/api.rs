//! The public face of a generated module: `__main__()`, one unit struct per
//! top-level `def`, and the module's current namespace behind them.

use std::collections::HashMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::frame::Gen;
use super::names::item_ident;
use super::RustgenOptions;
use crate::ast::Loc;
use crate::error::{CompileError, CompileResult, ErrorKind};

/// A top-level `def` that gets a public unit struct.
pub struct TopDef {
    /// The function's name.
    pub name: String,
    /// Its code object's index in the tree.
    pub code: usize,
    /// The `rt::make_function(..)` expression, written for module scope.
    pub value: TokenStream,
    /// Its docstring.
    pub doc: Option<String>,
    /// Where the `def` is.
    pub loc: Loc,
}

/// `__pyfn_def_<n>`: runs the top-level `def` of code object `n` alone.
pub fn def_maker_ident(n: usize) -> Ident {
    Ident::new(&format!("__pyfn_def_{n}"), Span::call_site())
}

fn function_ident(n: usize) -> Ident {
    Ident::new(&format!("__pyfn_function_{n}"), Span::call_site())
}

/// The last `def` of each top-level name, in first-appearance order, with
/// the code objects of every `def` of that name (in source order).
fn unique_defs(defs: &[TopDef]) -> Vec<(&TopDef, Vec<usize>)> {
    let mut out: Vec<(&TopDef, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for d in defs {
        match index.get(d.name.as_str()).and_then(|&i| out.get_mut(i)) {
            Some((slot, codes)) => {
                *slot = d;
                codes.push(d.code);
            }
            None => {
                index.insert(d.name.as_str(), out.len());
                out.push((d, vec![d.code]));
            }
        }
    }
    out
}

/// Items inside the private `__pyfn` module: the namespace, `__pyfn_main`,
/// the per-def makers and accessors, and small helpers.
pub fn internal_tokens(gen: &Gen<'_>, defs: &[TopDef], opts: &RustgenOptions) -> TokenStream {
    let module_name = opts.module_name.as_str();
    let mut out = quote! {
        ::std::thread_local! {
            /// The module's current namespace: the one `__main__()` ran in last,
            /// or the one `function()` made.
            static __PYFN_NAMESPACE: ::core::cell::RefCell<Option<rt::Globals>> =
                const { ::core::cell::RefCell::new(None) };
        }

        /// The module's current namespace (made on first use).
        pub(super) fn __pyfn_namespace() -> rt::Globals {
            __PYFN_NAMESPACE.with(|ns| {
                ns.borrow_mut()
                    .get_or_insert_with(|| rt::Globals::new(#module_name))
                    .clone()
            })
        }

        /// Runs the module code in a fresh `__main__` namespace, which becomes
        /// the module's current namespace.
        pub(super) fn __pyfn_main() -> rt::PyResult<()> {
            let __g = rt::Globals::new("__main__");
            __PYFN_NAMESPACE.with(|ns| *ns.borrow_mut() = Some(__g.clone()));
            __pyfn_module(&__g)
        }

        /// `tuple(list)` for a list built from `*` unpacking.
        fn __pyfn_list_to_tuple(list: &rt::Value) -> rt::PyResult<rt::Value> {
            let it = rt::iter(list)?;
            let mut items = Vec::new();
            while let Some(item) = rt::next(&it)? {
                items.push(item);
            }
            Ok(rt::tuple(items))
        }
    };
    for d in defs {
        let maker = def_maker_ident(d.code);
        let value = &d.value;
        let doc = format!(
            "Runs `def {}` (line {}) in the namespace `__g`.",
            d.name, d.loc.line
        );
        out.extend(quote! {
            #[doc = #doc]
            fn #maker(__g: &rt::Globals) -> rt::PyResult<rt::Value> {
                Ok(#value)
            }
        });
    }
    for (d, codes) in unique_defs(defs) {
        let name = d.name.as_str();
        let accessor = function_ident(d.code);
        let maker = def_maker_ident(d.code);
        let codes: Vec<&Ident> = codes
            .iter()
            .filter_map(|&code| gen.tree.get(code).map(|n| &n.ident))
            .collect();
        let doc = format!(
            "The function bound to `{name}` in the current namespace if a `def {name}` of \
             this module made it; otherwise runs that `def` alone there and binds it."
        );
        out.extend(quote! {
            #[doc = #doc]
            pub(super) fn #accessor() -> rt::PyResult<rt::Value> {
                let __g = __pyfn_namespace();
                if let Ok(current) = rt::load_global(&__g, #name) {
                    if rt::function_code(&current).is_some_and(|code| {
                        [#(&#codes),*].iter().any(|c| ::core::ptr::eq(code, *c))
                    }) {
                        return Ok(current);
                    }
                }
                let function = #maker(&__g)?;
                rt::store_global(&__g, #name, function.clone());
                Ok(function)
            }
        });
    }
    out
}

/// `__main__()` and the public unit structs, outside the private module.
pub fn api_tokens(
    _gen: &Gen<'_>,
    defs: &[TopDef],
    opts: &RustgenOptions,
    module_doc: Option<&str>,
) -> CompileResult<TokenStream> {
    let krate = &opts.krate;
    let rt = quote!(#krate::__private::rt);
    let main_doc = match module_doc {
        Some(doc) => doc.to_string(),
        None => "Runs the module's top-level statements in order, as `python3 file.py` would, \
                 printing to stdout."
            .to_string(),
    };
    let main_doc2 = "\n\nEach call runs them in a fresh namespace (`__name__` is `\"__main__\"`), \
                     which becomes the module's current namespace.";
    let mut out = quote! {
        #[doc = #main_doc]
        #[doc = #main_doc2]
        #[allow(dead_code)]
        pub fn __main__() -> #krate::PyResult<()> {
            __pyfn::__pyfn_main()
        }
    };
    for (d, _) in unique_defs(defs) {
        let Some(ident) = item_ident(&d.name) else {
            return Err(CompileError::new(
                ErrorKind::Unsupported,
                format!(
                    "a top-level function named '{}' cannot be a Rust item; rename it",
                    d.name
                ),
                d.loc,
            ));
        };
        let accessor = function_ident(d.code);
        let name = d.name.as_str();
        let doc = match &d.doc {
            Some(doc) => doc.clone(),
            None => format!("The Python function `{name}`."),
        };
        let how = format!(
            "\n\nA value item: `{name}.call((1, 2))` calls it, `{name}.function()` is the \
             function object. They use the function bound to `{name}` in the module's current \
             namespace (the one `__main__()` ran in last) if this `def` made it; otherwise \
             (the module code has not run) they run this `def` statement alone in that \
             namespace, evaluating its defaults there, and bind the result to `{name}`."
        );
        out.extend(quote! {
            #[doc = #doc]
            #[doc = #how]
            #[allow(non_camel_case_types, dead_code)]
            #[derive(Clone, Copy)]
            pub struct #ident;

            #[allow(dead_code)]
            impl #ident {
                /// Calls the function with positional arguments: a Rust tuple of
                /// values convertible to Python values.
                pub fn call(&self, args: impl #rt::IntoArgs) -> #krate::PyResult<#krate::Value> {
                    let function = __pyfn::#accessor()?;
                    #rt::call_into_args(&function, args)
                }

                /// Calls the function with positional arguments and keyword
                /// arguments (`&[("name", value)]`).
                pub fn call_kw(
                    &self,
                    args: impl #rt::IntoArgs,
                    kwargs: &[(&::core::primitive::str, #krate::Value)],
                ) -> #krate::PyResult<#krate::Value> {
                    let function = __pyfn::#accessor()?;
                    #rt::call_into_args_kw(&function, args, kwargs)
                }

                /// The function object (`None` if running the `def` raised,
                /// e.g. while evaluating a default).
                pub fn function(&self) -> #krate::Value {
                    __pyfn::#accessor().unwrap_or(#krate::Value::None)
                }
            }
        });
    }
    Ok(out)
}
