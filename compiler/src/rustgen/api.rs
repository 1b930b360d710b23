//! The public face of a generated module: `__main__()`, one unit struct per
//! top-level `def`, and the module's current namespace behind them.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::frame::Gen;
use super::names::item_ident;
use super::RustgenOptions;
use crate::ast::{Loc, Module, StmtKind};
use crate::error::{CompileError, CompileResult, ErrorKind};

/// A top-level `def` that gets a public unit struct.
pub struct TopDef {
    /// The function's name.
    pub name: String,
    /// Its docstring (of the last `def` of that name).
    pub doc: Option<String>,
    /// Where the first `def` of that name is.
    pub loc: Loc,
}

/// The top-level `def`s of `module`, one per name in first-appearance
/// order (a name defined twice documents its last `def`).
pub fn top_defs(module: &Module) -> Vec<TopDef> {
    let mut out: Vec<TopDef> = Vec::new();
    for s in &module.body {
        if let StmtKind::FunctionDef(def) = &s.kind {
            let doc = super::docstring(&def.body);
            match out.iter_mut().find(|d| d.name == def.name) {
                Some(d) => d.doc = doc,
                None => out.push(TopDef {
                    name: def.name.clone(),
                    doc,
                    loc: s.loc,
                }),
            }
        }
    }
    out
}

/// Items inside the private `__pyfn` module: the table of native bodies,
/// the imported namespace, `__pyfn_main`, item lookup and small helpers.
pub fn internal_tokens(gen: &Gen<'_>, opts: &RustgenOptions) -> TokenStream {
    let _ = opts;
    let natives: Vec<TokenStream> = gen
        .natives
        .iter()
        .filter_map(|&code| {
            let node = gen.tree.get(code)?;
            let ident = &node.ident;
            let body = super::function::body_ident(code);
            Some(quote!((&#ident, #body as rt::NativeFn)))
        })
        .collect();
    let count = natives.len();
    let module_code = gen
        .tree
        .first()
        .map(|n| n.ident.clone())
        .unwrap_or_else(|| Ident::new("__PYFN_CODE_0_module", Span::call_site()));
    quote! {
        /// The native bodies of this module's code objects: the interpreter
        /// runs a function made from one of these code objects natively.
        static __PYFN_NATIVES: [(&'static rt::CodeData, rt::NativeFn); #count] = [#(#natives),*];

        ::std::thread_local! {
            /// The module as imported on this thread (`None` until first use).
            static __PYFN_IMPORTED: ::core::cell::RefCell<::core::option::Option<rt::Globals>> =
                const { ::core::cell::RefCell::new(::core::option::Option::None) };
        }

        /// Runs the module code in `__g`: natively, or on the interpreter
        /// when it is forced.
        fn __pyfn_run(__g: &rt::Globals) -> rt::PyResult<()> {
            let _current = rt::enter_globals(__g);
            if rt::force_vm() {
                rt::run_module_code(&#module_code, __g)
            } else {
                __pyfn_module(__g)
            }
        }

        /// The module's namespace, importing the module on first use on this
        /// thread: its top-level statements run once, with `__name__` set to
        /// the module's name. A failed import is retried on next use.
        pub(super) fn __pyfn_namespace() -> rt::PyResult<rt::Globals> {
            if let ::core::option::Option::Some(g) = __PYFN_IMPORTED.with(|m| m.borrow().clone()) {
                return ::core::result::Result::Ok(g);
            }
            rt::register_natives(&__PYFN_NATIVES);
            let g = rt::Globals::new(__pyfn_module_name());
            __PYFN_IMPORTED.with(|m| *m.borrow_mut() = ::core::option::Option::Some(g.clone()));
            match __pyfn_run(&g) {
                ::core::result::Result::Ok(()) => ::core::result::Result::Ok(g),
                ::core::result::Result::Err(e) => {
                    __PYFN_IMPORTED.with(|m| *m.borrow_mut() = ::core::option::Option::None);
                    ::core::result::Result::Err(e)
                }
            }
        }

        /// The module's name: the name of the Rust module the `py_fn!`
        /// block is in (the crate's name at the crate root).
        fn __pyfn_module_name() -> &'static str {
            let path: &'static str = ::core::module_path!();
            let parent = path.strip_suffix("::__pyfn").unwrap_or(path);
            parent.rsplit("::").next().unwrap_or(parent)
        }

        /// The module's attribute `name` (importing the module first).
        pub(super) fn __pyfn_item(name: &'static str) -> rt::PyResult<rt::Value> {
            let g = __pyfn_namespace()?;
            g.get(name).ok_or_else(|| {
                rt::PyErr::new(
                    rt::ExcType::AttributeError,
                    ::std::format!("module '{}' has no attribute '{}'", __pyfn_module_name(), name),
                )
            })
        }

        /// Runs the module code as a script, in a fresh namespace whose
        /// `__name__` is `"__main__"`.
        pub(super) fn __pyfn_main() -> rt::PyResult<()> {
            rt::register_natives(&__PYFN_NATIVES);
            let __g = rt::Globals::new("__main__");
            __pyfn_run(&__g)
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
    }
}

/// `__main__()` and the public unit structs, outside the private module.
pub fn api_tokens(
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
    let main_doc2 = "\n\nEach call runs them as a script, in a fresh namespace whose `__name__` \
                     is `\"__main__\"` (so an `if __name__ == \"__main__\":` block runs), separate \
                     from the module namespace that the function items import.";
    let mut out = quote! {
        #[doc = #main_doc]
        #[doc = #main_doc2]
        #[allow(dead_code)]
        pub fn __main__() -> #krate::PyResult<()> {
            __pyfn::__pyfn_main()
        }
    };
    for d in defs {
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
        let name = d.name.as_str();
        let doc = match &d.doc {
            Some(doc) => doc.clone(),
            None => format!("The Python function `{name}`."),
        };
        let how = format!(
            "\n\nA value item: `{name}.call((1, 2))` calls it, `{name}.function()` is the \
             function object. Both use the module's `{name}` as Python's `module.{name}` \
             would: the first use on a thread imports the module (runs its top-level \
             statements once, with `__name__` set to the module's name)."
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
                    let function = __pyfn::__pyfn_item(#name)?;
                    #rt::call_into_args(&function, args)
                }

                /// Calls the function with positional arguments and keyword
                /// arguments (`&[("name", value)]`).
                pub fn call_kw(
                    &self,
                    args: impl #rt::IntoArgs,
                    kwargs: &[(&::core::primitive::str, #krate::Value)],
                ) -> #krate::PyResult<#krate::Value> {
                    let function = __pyfn::__pyfn_item(#name)?;
                    #rt::call_into_args_kw(&function, args, kwargs)
                }

                /// The function object (`None` if importing the module
                /// raised).
                pub fn function(&self) -> #krate::Value {
                    __pyfn::__pyfn_item(#name).unwrap_or(#krate::Value::None)
                }

                /// The function object, or the error importing the module
                /// raised.
                pub fn try_function(&self) -> #krate::PyResult<#krate::Value> {
                    __pyfn::__pyfn_item(#name)
                }
            }
        });
    }
    Ok(out)
}
