//! The Rust back end: a Python module as Rust items (proc_macro2 tokens)
//! that run it natively on `py_fn_runtime`.
//!
//! What [`module_tokens`] writes, all spliced at item position:
//!
//! - a private module `__pyfn` (so the user's items cannot clash with the
//!   generated names) holding, after `use <krate>::__private::rt;`:
//!   - one `static` [`CodeData`] per code object (`__PYFN_CODE_<n>_<name>`),
//!   - one native body per `def`/`lambda`:
//!     `fn __pyfn_body_<n>(__f: &rt::Function, __args: &[rt::Value]) -> rt::PyResult<rt::Value>`,
//!   - the module code `fn __pyfn_module(__g: &rt::Globals) -> rt::PyResult<()>`,
//!   - the module's current namespace (a `thread_local!`);
//! - `pub fn __main__() -> <krate>::PyResult<()>`;
//! - for each top-level `def name`, `pub struct name;` with `call`,
//!   `call_kw` and `function`.
//!
//! Generated code reaches the runtime only through the items listed in
//! `docs/generated_code.md`, plus three that the public items need:
//! `rt::function_code(&Value) -> Option<&'static CodeData>` (to recognise a
//! function made by one of this module's `def`s), and
//! `rt::call_into_args(&Value, impl IntoArgs)` /
//! `rt::call_into_args_kw(&Value, impl IntoArgs, &[(&str, Value)])`.
//! `rt::call_ex` is given any iterable as its positional part (a lone
//! `*xs`, or a list built with `rt::list_extend`), as CPython's
//! `CALL_FUNCTION_EX` is.
//!
//! Only one `py_fn!` expansion fits in one Rust module (they would share
//! `__pyfn` and `__main__`).

mod api;
mod check;
mod expr;
mod fast;
mod frame;
mod fstring;
mod function;
mod import;
mod int_plan;
mod int_spec;
mod names;
mod nested;
mod statics;
mod stmt;
mod try_stmt;
mod units;

use proc_macro2::TokenStream;
use py_fn_bytecode::CodeData;
use quote::quote;

use crate::ast::{Constant, ExprKind, Module, StmtKind};
use crate::error::CompileResult;
use crate::symtable::SymbolTable;

pub use names::{cell_ident, free_ident, local_ident};
pub use statics::code_static_tokens;

/// Options of the back end.
#[derive(Clone, Debug)]
pub struct RustgenOptions {
    /// The path of the facade crate, `::py_fn` by default. Generated code
    /// names `<krate>::__private::rt::...`, `<krate>::PyResult` and
    /// `<krate>::Value`. It must be an absolute path (`::name` or
    /// `crate::...`): it is also used from inside the generated `__pyfn`
    /// module.
    pub krate: TokenStream,
}

impl Default for RustgenOptions {
    fn default() -> Self {
        RustgenOptions {
            krate: quote!(::py_fn),
        }
    }
}

/// The Rust items for `module`, whose analysed scopes are `symtable` and
/// whose code object (with every nested code object in its `co_consts`) is
/// `code`. Constructs the native back end does not translate yet are a
/// `CompileError` at their location; no input makes it panic.
pub fn module_tokens(
    module: &Module,
    symtable: &SymbolTable,
    code: &CodeData,
    opts: &RustgenOptions,
) -> CompileResult<TokenStream> {
    lower(module, symtable, code, opts).map(|(tokens, _)| tokens)
}

/// [`module_tokens`], and which code objects run natively: their indices
/// in the pre-order of `code` and its nested code objects (`0` is the
/// module); the others run on the bytecode interpreter.
pub fn lower(
    module: &Module,
    symtable: &SymbolTable,
    code: &CodeData,
    opts: &RustgenOptions,
) -> CompileResult<(TokenStream, Vec<usize>)> {
    crate::check_runnable(module)?;
    let tree = statics::code_tree(code, "__PYFN_CODE");
    let mut gen = frame::Gen::new(symtable, tree);
    gen.int_plan = int_plan::IntPlan::build(&module.body, symtable, &gen.tree);
    let mut top = frame::Frame {
        block: symtable.block(symtable.top()),
        code: 0,
        cursor: 0,
        module: true,
        class: false,
        params: Vec::new(),
        loops: Vec::new(),
        discards: Vec::new(),
        closures: 0,
    };

    // The module code: native when the back end lowers every statement,
    // else the interpreter runs it (the functions in it can still be native).
    let native_module =
        check::unit_unsupported(check::UnitBody::Stmts(&module.body, &[])).is_none();
    let mut statements = Vec::new();
    if native_module {
        if let Some(doc) = docstring(&module.body) {
            statements.push(quote!(rt::store_global(__g, "__doc__", rt::Value::str_static(#doc));));
        }
        for s in &module.body {
            statements.push(gen.stmt(&mut top, s)?);
        }
    } else {
        gen.vm_unit(0, units::UnitAst::Stmts(&module.body))?;
        let module_code =
            gen.tree.first().map(|n| n.ident.clone()).ok_or_else(|| {
                frame::internal("no module code object", crate::ast::Loc::default())
            })?;
        statements.push(quote!(return rt::run_module_code(&#module_code, __g);));
    }
    let defs = api::top_defs(module);

    let rt_path = {
        let krate = &opts.krate;
        quote!(#krate::__private::rt)
    };
    // Call targets whose int path was not written still need one.
    let stubs: Vec<TokenStream> = gen
        .int_plan
        .targets()
        .filter(|(code, _)| !gen.int_written.contains(code))
        .map(|(code, arity)| gen.int_path_stub(code, arity))
        .collect();
    gen.bodies.extend(stubs);
    let statics = statics::tree_statics(&gen.tree, &quote!(rt), &quote!(pub(super)));
    let bodies = &gen.bodies;
    let fast = fast::helper_tokens();
    let int_helpers = int_spec::helper_tokens();
    let module_doc = docstring(&module.body);
    let api = api::api_tokens(&defs, opts, module_doc.as_deref())?;
    let internals = api::internal_tokens(&gen, opts);
    let mut native = gen.natives.clone();
    if native_module {
        native.push(0);
    }
    native.sort_unstable();
    let tokens = quote! {
        #[doc(hidden)]
        #[allow(
            dead_code,
            non_snake_case,
            non_upper_case_globals,
            unused_mut,
            unused_variables,
            unused_assignments,
            unused_labels,
            unused_parens,
            unused_braces,
            unreachable_code,
            clippy::all
        )]
        mod __pyfn {
            use #rt_path;

            #fast

            #int_helpers

            #statics

            #(#bodies)*

            /// The module's top-level statements, run in the namespace `__g`.
            pub(super) fn __pyfn_module(__g: &rt::Globals) -> rt::PyResult<()> {
                #(#statements)*
                ::core::result::Result::Ok(())
            }

            #internals
        }

        #api
    };
    Ok((tokens, native))
}

/// The docstring of a body: its first statement, when that is a string.
pub(crate) fn docstring(body: &[crate::ast::Stmt]) -> Option<String> {
    match body.first().map(|s| &s.kind) {
        Some(StmtKind::Expr(e)) => match &e.kind {
            ExprKind::Constant(Constant::Str(s)) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}
