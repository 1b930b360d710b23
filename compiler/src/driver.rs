//! The pipeline in one place: source → AST → symbol table → code objects
//! (→ Rust tokens). Errors come in CPython's order: the parser's first,
//! then the symbol table's, then code generation's.

use proc_macro2::TokenStream;
use py_fn_bytecode::CodeData;

use crate::ast::Module;
use crate::error::CompileResult;
use crate::rustgen::{self, RustgenOptions};
use crate::symtable::SymbolTable;
use crate::{codegen, parser};

/// Parses `source` into an AST.
pub fn parse(source: &str) -> CompileResult<Module> {
    parser::parse_module(source)
}

/// Compiles `source` to the module's code object, as
/// `compile(source, filename, "exec")` does on CPython 3.11.
pub fn compile(source: &str, filename: &str) -> CompileResult<CodeData> {
    let module = parse(source)?;
    let symtable = SymbolTable::build(&module)?;
    codegen::compile_module(&module, &symtable, filename)
}

/// Compiles `source` to the Rust items `py_fn!` expands to.
pub fn compile_to_rust(
    source: &str,
    filename: &str,
    opts: &RustgenOptions,
) -> CompileResult<TokenStream> {
    let module = parse(source)?;
    let symtable = SymbolTable::build(&module)?;
    let code = codegen::compile_module(&module, &symtable, filename)?;
    rustgen::module_tokens(&module, &symtable, &code, opts)
}
