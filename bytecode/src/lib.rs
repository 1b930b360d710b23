//! CPython 3.11 bytecode for py_fn: the opcode table, the code-object record
//! [`CodeData`], stack effects, the line table, constant reprs, the text
//! `dis.dis` prints and the oracle's JSON form.

pub mod code;
pub mod dis;
pub mod json;
pub mod linetable;
pub mod marshal;
pub mod opcode;
pub mod pyc;
pub mod pyhash;
pub mod repr;
pub mod stack;
pub mod verify;

pub use code::{CodeData, Constant, List, Str};
pub use opcode::Opcode;
