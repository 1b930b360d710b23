//! `import` and `from ... import`, natively (CPython's `compiler_import`
//! and `compiler_from_import`): `rt::import_name` (`IMPORT_NAME`) with the
//! `fromlist` and level CPython passes, `rt::import_from` (`IMPORT_FROM`)
//! for each name, `rt::import_star_globals` for `from m import *`.

use proc_macro2::TokenStream;
use quote::quote;

use super::frame::{Frame, Gen};
use crate::ast::Alias;
use crate::error::CompileResult;

impl<'a> Gen<'a> {
    /// `import a.b as c, d`.
    pub fn import_stmt(
        &mut self,
        frame: &mut Frame<'a>,
        names: &[Alias],
    ) -> CompileResult<TokenStream> {
        let mut out = TokenStream::new();
        for alias in names {
            let full = alias.name.as_str();
            let imported = quote!(rt::import_name(#full, &rt::Value::None, 0)?);
            match &alias.asname {
                // `import a.b as c`: the submodule, through `a`'s attributes.
                Some(asname) => {
                    let mut value = imported;
                    for part in full.split('.').skip(1) {
                        value = quote!({
                            let __module: rt::Value = #value;
                            rt::import_from(&__module, #part)?
                        });
                    }
                    out.extend(self.store_name(frame, asname, value));
                }
                // `import a.b` binds the top package `a`.
                None => {
                    let top = full.split('.').next().unwrap_or(full);
                    out.extend(self.store_name(frame, top, imported));
                }
            }
        }
        Ok(out)
    }

    /// `from module import a as b, c` and `from module import *`.
    pub fn import_from_stmt(
        &mut self,
        frame: &mut Frame<'a>,
        module: Option<&str>,
        names: &[Alias],
        level: u32,
    ) -> CompileResult<TokenStream> {
        let module = module.unwrap_or("");
        let fromlist: Vec<&str> = names.iter().map(|a| a.name.as_str()).collect();
        let fromlist = quote!(rt::tuple(
            ::std::vec![#(rt::Value::str_static(#fromlist)),*]
        ));
        let mut out = quote! {
            let __module: rt::Value = rt::import_name(#module, &#fromlist, #level)?;
        };
        if let [Alias { name, .. }] = names {
            if name == "*" {
                out.extend(quote!(rt::import_star_globals(&__module, __g)?;));
                return Ok(quote!({ #out }));
            }
        }
        for alias in names {
            let name = alias.name.as_str();
            let target = alias.asname.as_deref().unwrap_or(name);
            let store = self.store_name(frame, target, quote!(rt::import_from(&__module, #name)?));
            out.extend(store);
        }
        Ok(quote!({ #out }))
    }
}
