//! f-strings (`FORMAT_VALUE`, `BUILD_STRING`) and set displays
//! (`BUILD_SET`, `SET_UPDATE`), natively.

use proc_macro2::TokenStream;
use quote::quote;

use super::frame::{Frame, Gen};
use crate::ast::{Constant, Expr, ExprKind};
use crate::error::CompileResult;

impl<'a> Gen<'a> {
    /// The statements that append the text of the f-string parts `values`
    /// to the `String` called `out`.
    fn fstring_parts(
        &mut self,
        frame: &mut Frame<'a>,
        values: &[Expr],
        out: &proc_macro2::Ident,
    ) -> CompileResult<TokenStream> {
        let mut code = TokenStream::new();
        for v in values {
            match &v.kind {
                ExprKind::Constant(Constant::Str(s)) => {
                    code.extend(quote!(#out.push_str(#s);));
                }
                ExprKind::FormattedValue {
                    value,
                    conversion,
                    format_spec,
                } => {
                    let val = self.expr(frame, value)?;
                    let conv = match u8::try_from(*conversion).ok().map(char::from) {
                        Some(c @ ('s' | 'r' | 'a')) => quote!(::core::option::Option::Some(#c)),
                        _ => quote!(::core::option::Option::None),
                    };
                    let spec = match format_spec.as_deref() {
                        Some(Expr {
                            kind: ExprKind::JoinedStr(parts),
                            ..
                        }) => {
                            let spec_out = self.temp("spec");
                            let parts = self.fstring_parts(frame, parts, &spec_out)?;
                            quote!({
                                let mut #spec_out = ::std::string::String::new();
                                #parts
                                #spec_out
                            })
                        }
                        Some(other) => {
                            let e = self.expr(frame, other)?;
                            quote!(rt::Value::to_str(&#e))
                        }
                        None => quote!(::std::string::String::new()),
                    };
                    code.extend(quote!({
                        let __value: rt::Value = #val;
                        let __spec: ::std::string::String = #spec;
                        let __text = rt::format_value(&__value, #conv, &__spec)?;
                        __pyfn_discard(__value);
                        #out.push_str(&rt::Value::to_str(&__text));
                    }));
                }
                _ => {
                    let e = self.expr(frame, v)?;
                    code.extend(quote!(#out.push_str(&rt::Value::to_str(&#e));));
                }
            }
        }
        Ok(code)
    }

    /// An f-string: its parts formatted left to right into one `str`.
    pub fn joined_str(
        &mut self,
        frame: &mut Frame<'a>,
        values: &[Expr],
    ) -> CompileResult<TokenStream> {
        let out = self.temp("fstring");
        let parts = self.fstring_parts(frame, values, &out)?;
        Ok(quote!({
            let mut #out = ::std::string::String::new();
            #parts
            rt::Value::str(#out)
        }))
    }

    /// `{a, b, *c}`: the items in order, `*` items through `set_update`.
    pub fn set_display(
        &mut self,
        frame: &mut Frame<'a>,
        elts: &[Expr],
    ) -> CompileResult<TokenStream> {
        let has_star = elts
            .iter()
            .any(|e| matches!(e.kind, ExprKind::Starred { .. }));
        if !has_star {
            let mut items = Vec::new();
            for e in elts {
                items.push(self.expr(frame, e)?);
            }
            return Ok(quote!(rt::set_of(vec![#(#items),*])?));
        }
        let set = self.temp("set");
        let mut code = TokenStream::new();
        for e in elts {
            match &e.kind {
                ExprKind::Starred { value, .. } => {
                    let v = self.expr(frame, value)?;
                    code.extend(quote!({
                        let __items: rt::Value = #v;
                        rt::set_update(&#set, &__items)?;
                    }));
                }
                _ => {
                    let v = self.expr(frame, e)?;
                    code.extend(quote!(rt::set_add(&#set, #v)?;));
                }
            }
        }
        Ok(quote!({
            let #set = rt::set_of(::std::vec::Vec::new())?;
            #code
            #set
        }))
    }
}
