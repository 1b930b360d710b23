//! The builtin modules: `sys`, `types`, `dis`, `gc`.

pub(crate) mod dis;
pub(crate) mod gc;
pub(crate) mod stdio;
pub(crate) mod sys;
pub(crate) mod types;

use crate::builtins::{Builtin, BuiltinFn};

/// A module-level builtin function.
pub(crate) const fn function(name: &'static str, func: BuiltinFn) -> Builtin {
    Builtin {
        name,
        func,
        is_type: false,
        binds: false,
    }
}
