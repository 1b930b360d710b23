//! The py_fn compiler: Python source to CPython 3.11 code objects and native
//! Rust bodies. It knows nothing of `proc_macro`: positions are plain
//! `(line, column)` data, so the macro, the `pyfn` CLI and tests share it.

pub mod assemble;
pub mod ast;
pub mod codegen;
pub mod columns;
mod driver;
pub mod error;
pub mod explain;
pub mod fold;
pub mod frozenset;
pub mod future;
pub mod lexer;
pub mod messages;
pub mod parser;
pub mod rustgen;
pub mod symtable;
pub mod walk;

pub use driver::{check_runnable, compile, compile_to_run, compile_to_rust, parse};
pub use error::{CompileError, CompileResult, ErrorKind};
