//! The pipeline in one place: source → AST → symbol table → code objects
//! (→ Rust tokens). Errors come in CPython's order: the parser's first,
//! then the `__future__` checks, the symbol table's, then code
//! generation's.
//!
//! The front half runs on a thread with a large stack, so that deep but
//! legal programs (long left-deep chains, many nested blocks) cannot
//! overflow the caller's stack — a proc-macro's, or a 2 MiB test thread's.
//! The Rust back end stays on the caller's thread: `proc_macro` tokens
//! cannot cross threads.

use proc_macro2::TokenStream;
use py_fn_bytecode::CodeData;

use crate::ast::Module;
use crate::error::{CompileError, CompileResult};
use crate::rustgen::{self, RustgenOptions};
use crate::symtable::SymbolTable;
use crate::{codegen, parser};

/// Stack size of the compiler's own thread.
const COMPILER_STACK: usize = 256 << 20;

/// Runs `f` on a thread with [`COMPILER_STACK`] bytes of stack, or on this
/// thread if no thread can be started.
fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(f));
    let take = || slot.lock().ok().and_then(|mut f| f.take());
    let ran = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("py_fn compiler".into())
            .stack_size(COMPILER_STACK)
            .spawn_scoped(scope, || take().map(|f| f()));
        match spawned.map(|handle| handle.join()) {
            Ok(Ok(value)) => value,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => None,
        }
    });
    match ran {
        Some(value) => value,
        // The thread could not start: `f` is still in the slot.
        None => match take() {
            Some(f) => f(),
            None => unreachable!("the compiler closure ran or is in its slot"),
        },
    }
}

/// Parses `source` into an AST.
pub fn parse(source: &str) -> CompileResult<Module> {
    parser::parse_module(source)
}

fn front_end(source: &str, filename: &str) -> CompileResult<(Module, SymbolTable, CodeData)> {
    let module = parse(source)?;
    // `_PyFuture_FromAST` runs before the symbol table.
    crate::future::future_parse(&module)?;
    let symtable = SymbolTable::build(&module)?;
    let mut code = codegen::compile_module(&module, &symtable, filename)?;
    if let Some(map) = crate::columns::ColumnMap::new(source) {
        map.apply(&mut code);
    }
    Ok((module, symtable, code))
}

/// Compiles `source` to the module's code object, as
/// `compile(source, filename, "exec")` does on CPython 3.11.
pub fn compile(source: &str, filename: &str) -> CompileResult<CodeData> {
    on_big_stack(|| front_end(source, filename).map(|(_, _, code)| code))
}

/// Compiles `source` to the module's code object for py_fn's runtime to
/// run: [`compile`], refusing what neither back end runs (complex numbers,
/// which `compile` and `dis` accept).
pub fn compile_to_run(source: &str, filename: &str) -> CompileResult<CodeData> {
    on_big_stack(|| {
        let (module, _, code) = front_end(source, filename)?;
        check_runnable(&module)?;
        Ok(code)
    })
}

/// Compiles `source` to the Rust items `py_fn!` expands to.
pub fn compile_to_rust(
    source: &str,
    filename: &str,
    opts: &RustgenOptions,
) -> CompileResult<TokenStream> {
    let (module, symtable, code) = on_big_stack(|| front_end(source, filename))?;
    rustgen::module_tokens(&module, &symtable, &code, opts)
}

/// Refuses what compiles to code objects but no back end runs: the first
/// complex literal (in source order) is an error, as the runtime has no
/// complex type. The Rust back end ([`compile_to_rust`]) and
/// [`compile_to_run`] call it.
///
/// ```
/// let module = py_fn_compiler::parse("x = 1\ny = 2j\n").unwrap();
/// let err = py_fn_compiler::check_runnable(&module).unwrap_err();
/// assert_eq!(err.line, 2);
/// ```
pub fn check_runnable(module: &Module) -> CompileResult<()> {
    let mut first: Option<crate::ast::Loc> = None;
    crate::walk::walk(&module.body, |node| {
        if let crate::walk::Node::Expr(e) = node {
            if let crate::ast::ExprKind::Constant(crate::ast::Constant::Complex(_)) = e.kind {
                if first.is_none_or(|f| (e.loc.line, e.loc.col) < (f.line, f.col)) {
                    first = Some(e.loc);
                }
            }
        }
    });
    match first {
        Some(loc) => Err(CompileError::unsupported("complex numbers are", 3, loc)),
        None => Ok(()),
    }
}
