//! Code objects as data: `code.replace(**co_*)`, `types.CodeType(...)` and
//! `types.FunctionType(...)`, with CPython 3.11's checks and error texts.

use std::rc::Rc;

use crate::code::Code;
use crate::error::{ExcType, PyErr, PyResult};
use crate::methods::Args;
use crate::value::Value;

/// `code.replace(**kwargs)`.
pub(crate) fn replace(code: &Rc<Code>, a: &Args<'_>) -> PyResult<Value> {
    let _ = (code, a);
    Err(PyErr::new(ExcType::NotImplementedError, "code.replace"))
}
