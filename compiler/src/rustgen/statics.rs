//! Code objects as `static` items: every `co_*` field written as borrowed
//! `'static` data, nested code objects as references to other statics.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use py_fn_bytecode::{CodeData, Constant};
use quote::quote;

use super::names::ascii_fragment;

/// One code object of the module's tree, with the name of its `static`.
#[derive(Clone, Debug)]
pub struct CodeNode<'a> {
    /// The code object.
    pub code: &'a CodeData,
    /// The `static` item that holds it.
    pub ident: Ident,
    /// Indices (in the tree's pre-order arena) of the code objects found in
    /// `co_consts`, in `co_consts` order.
    pub children: Vec<usize>,
}

/// Flattens `root` and every code object nested in its `co_consts` into a
/// pre-order arena; the static of node `n` is called `<prefix>_<n>_<name>`.
pub fn code_tree<'a>(root: &'a CodeData, prefix: &str) -> Vec<CodeNode<'a>> {
    let mut arena = Vec::new();
    push_code(root, prefix, &mut arena);
    arena
}

fn push_code<'a>(code: &'a CodeData, prefix: &str, arena: &mut Vec<CodeNode<'a>>) -> usize {
    let index = arena.len();
    let name = ascii_fragment(code.name.trim_matches(|c| c == '<' || c == '>'));
    let ident = Ident::new(&format!("{prefix}_{index}_{name}"), Span::call_site());
    arena.push(CodeNode {
        code,
        ident,
        children: Vec::new(),
    });
    let mut children = Vec::new();
    for constant in code.consts.iter() {
        collect_codes(constant, prefix, arena, &mut children);
    }
    if let Some(node) = arena.get_mut(index) {
        node.children = children;
    }
    index
}

fn collect_codes<'a>(
    constant: &'a Constant,
    prefix: &str,
    arena: &mut Vec<CodeNode<'a>>,
    out: &mut Vec<usize>,
) {
    match constant {
        Constant::Code(code) => out.push(push_code(code, prefix, arena)),
        Constant::Tuple(items) => {
            for item in items.iter() {
                collect_codes(item, prefix, arena, out);
            }
        }
        _ => {}
    }
}

/// Writes the `static` items of every node of `tree` (see [`code_tree`]).
/// `rt` is the path of the runtime module (`::py_fn::__private::rt`).
pub fn tree_statics(tree: &[CodeNode<'_>], rt: &TokenStream, vis: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    for node in tree {
        let mut next_child = node.children.iter();
        let value = code_value(node.code, rt, &mut |_| {
            next_child
                .next()
                .and_then(|&i| tree.get(i))
                .map(|child| child.ident.clone())
        });
        let ident = &node.ident;
        let doc = format!(
            "The code object of `{}` (line {}), as CPython 3.11 builds it.",
            node.code.qualname, node.code.firstlineno
        );
        out.extend(quote! {
            #[doc = #doc]
            #[allow(non_upper_case_globals)]
            #vis static #ident: #rt::CodeData = #value;
        });
    }
    out
}

/// The `static` item `ident` holding `code` and, before it, one static per
/// code object nested in its `co_consts` (named `<ident>_<n>_<name>`).
/// `rt` is the path of the runtime module, e.g. `::py_fn::__private::rt`.
pub fn code_static_tokens(ident: &Ident, code: &CodeData, rt: &TokenStream) -> TokenStream {
    let mut tree = code_tree(code, &ident.to_string());
    if let Some(root) = tree.first_mut() {
        root.ident = ident.clone();
    }
    tree_statics(&tree, rt, &TokenStream::new())
}

/// The `CodeData { .. }` expression of `code`; `child` names the static of
/// each nested code object, in `co_consts` order.
fn code_value(
    code: &CodeData,
    rt: &TokenStream,
    child: &mut dyn FnMut(&CodeData) -> Option<Ident>,
) -> TokenStream {
    let cow = quote!(::std::borrow::Cow::Borrowed);
    let argcount = code.argcount;
    let posonlyargcount = code.posonlyargcount;
    let kwonlyargcount = code.kwonlyargcount;
    let stacksize = code.stacksize;
    let flags = code.flags;
    let firstlineno = code.firstlineno;
    let bytes = Literal::byte_string(&code.code);
    let linetable = Literal::byte_string(&code.linetable);
    let exceptiontable = Literal::byte_string(&code.exceptiontable);
    let consts = code.consts.iter().map(|c| constant_tokens(c, rt, child));
    let names = str_list(&code.names);
    let varnames = str_list(&code.varnames);
    let cellvars = str_list(&code.cellvars);
    let freevars = str_list(&code.freevars);
    let filename = code.filename.as_ref();
    let name = code.name.as_ref();
    let qualname = code.qualname.as_ref();
    quote! {
        #rt::CodeData {
            argcount: #argcount,
            posonlyargcount: #posonlyargcount,
            kwonlyargcount: #kwonlyargcount,
            stacksize: #stacksize,
            flags: #flags,
            code: #cow(#bytes),
            consts: #cow(&[#(#consts),*]),
            names: #cow(&[#(#names),*]),
            varnames: #cow(&[#(#varnames),*]),
            cellvars: #cow(&[#(#cellvars),*]),
            freevars: #cow(&[#(#freevars),*]),
            filename: #cow(#filename),
            name: #cow(#name),
            qualname: #cow(#qualname),
            firstlineno: #firstlineno,
            linetable: #cow(#linetable),
            exceptiontable: #cow(#exceptiontable),
        }
    }
}

fn str_list(items: &[py_fn_bytecode::Str]) -> Vec<TokenStream> {
    items
        .iter()
        .map(|s| {
            let s = s.as_ref();
            quote!(::std::borrow::Cow::Borrowed(#s))
        })
        .collect()
}

/// An `i64` literal (`i64::MIN` has no literal of its own).
pub fn i64_tokens(value: i64) -> TokenStream {
    if value == i64::MIN {
        quote!(::core::primitive::i64::MIN)
    } else if value < 0 {
        let lit = Literal::i64_unsuffixed(value.unsigned_abs() as i64);
        quote!(-#lit)
    } else {
        let lit = Literal::i64_unsuffixed(value);
        quote!(#lit)
    }
}

/// `f64::from_bits(..)`: bit-exact, also for infinities, NaNs and `-0.0`.
pub fn f64_tokens(value: f64) -> TokenStream {
    let bits = Literal::u64_suffixed(value.to_bits());
    quote!(::core::primitive::f64::from_bits(#bits))
}

fn constant_tokens(
    constant: &Constant,
    rt: &TokenStream,
    child: &mut dyn FnMut(&CodeData) -> Option<Ident>,
) -> TokenStream {
    let cow = quote!(::std::borrow::Cow::Borrowed);
    match constant {
        Constant::None => quote!(#rt::Constant::None),
        Constant::Bool(b) => quote!(#rt::Constant::Bool(#b)),
        Constant::Int(i) => {
            let i = i64_tokens(*i);
            quote!(#rt::Constant::Int(#i))
        }
        Constant::BigInt(text) => {
            let text = text.as_ref();
            quote!(#rt::Constant::BigInt(#cow(#text)))
        }
        Constant::Float(f) => {
            let f = f64_tokens(*f);
            quote!(#rt::Constant::Float(#f))
        }
        Constant::Complex(f) => {
            let f = f64_tokens(*f);
            quote!(#rt::Constant::Complex(#f))
        }
        Constant::Str(s) => {
            let s = s.as_ref();
            quote!(#rt::Constant::Str(#cow(#s)))
        }
        Constant::Bytes(b) => {
            let b = Literal::byte_string(b);
            quote!(#rt::Constant::Bytes(#cow(#b)))
        }
        Constant::Tuple(items) => {
            let items: Vec<TokenStream> = items
                .iter()
                .map(|c| constant_tokens(c, rt, child))
                .collect();
            quote!(#rt::Constant::Tuple(#cow(&[#(#items),*])))
        }
        Constant::FrozenSet(items) => {
            let items: Vec<TokenStream> = items
                .iter()
                .map(|c| constant_tokens(c, rt, child))
                .collect();
            quote!(#rt::Constant::FrozenSet(#cow(&[#(#items),*])))
        }
        Constant::Ellipsis => quote!(#rt::Constant::Ellipsis),
        Constant::Code(code) => match child(code) {
            Some(ident) => quote!(#rt::Constant::Code(#cow(&#ident))),
            // Unreachable: every nested code object has a node in the tree.
            None => quote!(#rt::Constant::None),
        },
    }
}
