//! `class` statements (3.11's `compiler_class`): the class body becomes
//! its own code object, run by `__build_class__`:
//!
//! ```text
//! <name> = __build_class__(<body function>, '<name>', *<bases>, **<keywords>)
//! ```
//!
//! The body stores `__module__`, `__qualname__` (and `__doc__`), runs its
//! statements with `*_NAME` instructions, and returns the implicit
//! `__class__` cell (also stored as `__classcell__`) when a method uses
//! `super()` or `__class__`, `None` otherwise.

use std::borrow::Cow;

use py_fn_bytecode::{Constant, Opcode};

use super::unit::{SrcLoc, UnitKind};
use super::{Compiler, NameCtx};
use crate::ast::{ClassDef, Stmt};
use crate::error::CompileResult;

impl<'a> Compiler<'a> {
    /// `compiler_class`.
    pub(crate) fn compiler_class(&mut self, c: &ClassDef, s: &Stmt) -> CompileResult<()> {
        self.compiler_decorators(&c.decorator_list)?;
        let firstlineno = c.decorator_list.first().map_or(s.loc.line, |d| d.loc.line);

        // 1. Compile the class body into a code object.
        let scope = self.child_scope(s.loc)?;
        self.enter_scope(UnitKind::Class, scope, c.name.clone(), firstlineno, None);
        let res = self.class_body(c);
        let code = self.exit_scope(true);
        res?;

        // 2. Load the `build_class` function.
        self.addop(Opcode::PUSH_NULL);
        self.addop(Opcode::LOAD_BUILD_CLASS);
        // 3. A function (or closure) made from the body's code object.
        self.compiler_make_closure(code, 0)?;
        // 4. The class name.
        self.load_const(Constant::Str(Cow::Owned(c.name.clone())));
        // 5. The rest of the call.
        self.compiler_call_helper(2, &c.bases, &c.keywords)?;
        // 6. Decorators.
        self.compiler_apply_decorators(&c.decorator_list);
        // 7. Store into <name>.
        self.nameop(&c.name, NameCtx::Store)
    }

    /// What runs in the class scope: the namespace set-up, the body, and
    /// the return of `__classcell__` (or `None`).
    fn class_body(&mut self, c: &ClassDef) -> CompileResult<()> {
        // Names in the body are mangled with the class name.
        self.unit.private = Some(c.name.clone());
        self.nameop("__name__", NameCtx::Load)?;
        self.nameop("__module__", NameCtx::Store)?;
        let qualname = self.unit.qualname.clone();
        self.load_const(Constant::Str(Cow::Owned(qualname)));
        self.nameop("__qualname__", NameCtx::Store)?;
        self.compiler_body(&c.body)?;
        // The following code is artificial.
        self.unit.loc = SrcLoc::NONE;
        if self.st.block(self.unit.scope).needs_class_closure {
            // Store __classcell__ into the class namespace and return it.
            let i = self
                .unit
                .cellvars
                .iter()
                .position(|n| n == "__class__")
                .unwrap_or(0);
            self.addop_i(Opcode::LOAD_CLOSURE, i as u32);
            self.addop_i(Opcode::COPY, 1);
            self.nameop("__classcell__", NameCtx::Store)?;
        } else {
            // No method references __class__: just return None.
            self.load_const(Constant::None);
        }
        self.addop(Opcode::RETURN_VALUE);
        Ok(())
    }
}
