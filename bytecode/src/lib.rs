//! CPython 3.11 bytecode for py_fn: the opcode table, the code-object record
//! [`CodeData`], and (in later modules) stack effects, the line table and the
//! text `dis.dis` prints.

pub mod code;
pub mod opcode;

pub use code::{CodeData, Constant, List, Str};
pub use opcode::Opcode;
