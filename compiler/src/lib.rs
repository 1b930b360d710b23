//! The py_fn compiler: Python source to CPython 3.11 code objects and native
//! Rust bodies. It knows nothing of `proc_macro`: positions are plain
//! `(line, column)` data, so the macro, the `pyfn` CLI and tests share it.

pub mod ast;
pub mod error;
pub mod symtable;

pub use error::{CompileError, CompileResult, ErrorKind};
