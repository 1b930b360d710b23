//! `import` and `from ... import` (3.11's `compiler_import`,
//! `compiler_import_as` and `compiler_from_import`).

use std::borrow::Cow;

use py_fn_bytecode::{Constant, Opcode};

use super::{Compiler, NameCtx};
use crate::ast::{Alias, Stmt};
use crate::error::{CompileError, CompileResult};

impl<'a> Compiler<'a> {
    /// `compiler_import`: `import a.b.c` binds `a`; `import a.b.c as d`
    /// binds the submodule `a.b.c` to `d`.
    pub(crate) fn compiler_import(&mut self, names: &[Alias]) -> CompileResult<()> {
        for alias in names {
            self.load_const(Constant::Int(0));
            self.load_const(Constant::None);
            self.addop_name(Opcode::IMPORT_NAME, &alias.name);
            match &alias.asname {
                Some(asname) => self.compiler_import_as(&alias.name, asname)?,
                None => {
                    let first = alias.name.split('.').next().unwrap_or(&alias.name);
                    self.nameop(first, NameCtx::Store)?;
                }
            }
        }
        Ok(())
    }

    /// `compiler_import_as`: after `IMPORT_NAME a.b.c`, walks down to `c`
    /// with `IMPORT_FROM` and binds it.
    fn compiler_import_as(&mut self, name: &str, asname: &str) -> CompileResult<()> {
        let mut parts = name.split('.');
        parts.next();
        let attrs: Vec<&str> = parts.collect();
        if attrs.is_empty() {
            return self.nameop(asname, NameCtx::Store);
        }
        for (i, attr) in attrs.iter().enumerate() {
            self.addop_name_unmangled(Opcode::IMPORT_FROM, attr);
            if i + 1 == attrs.len() {
                break;
            }
            self.addop_i(Opcode::SWAP, 2);
            self.addop(Opcode::POP_TOP);
        }
        self.nameop(asname, NameCtx::Store)?;
        self.addop(Opcode::POP_TOP);
        Ok(())
    }

    /// `compiler_from_import`.
    pub(crate) fn compiler_from_import(
        &mut self,
        module: Option<&str>,
        names: &[Alias],
        level: u32,
        s: &Stmt,
    ) -> CompileResult<()> {
        self.load_const(Constant::Int(i64::from(level)));
        let fromlist: Vec<Constant> = names
            .iter()
            .map(|a| Constant::Str(Cow::Owned(a.name.clone())))
            .collect();
        if module == Some("__future__") && s.loc.line > self.future_lineno {
            return Err(CompileError::syntax(
                "from __future__ imports must occur at the beginning of the file",
                s.loc,
            ));
        }
        self.load_const(Constant::Tuple(Cow::Owned(fromlist)));
        self.addop_name(Opcode::IMPORT_NAME, module.unwrap_or(""));
        for (i, alias) in names.iter().enumerate() {
            if i == 0 && alias.name.starts_with('*') {
                self.addop(Opcode::IMPORT_STAR);
                return Ok(());
            }
            self.addop_name(Opcode::IMPORT_FROM, &alias.name);
            let store = alias.asname.as_deref().unwrap_or(&alias.name);
            self.nameop(store, NameCtx::Store)?;
        }
        // Remove the imported module.
        self.addop(Opcode::POP_TOP);
        Ok(())
    }
}
