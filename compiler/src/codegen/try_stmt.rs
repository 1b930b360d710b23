//! `try` statements, `raise` and `assert` (3.11's `compiler_try`,
//! `compiler_try_finally`, `compiler_try_except`, `compiler_assert` and
//! the `Raise_kind` case of `compiler_visit_stmt`).
//!
//! The handlers are laid out in line after the guarded code; the
//! `SETUP_FINALLY` / `SETUP_CLEANUP` / `POP_BLOCK` pseudo-instructions
//! emitted here become `co_exceptiontable` entries in the assembler.

use py_fn_bytecode::{Constant, Opcode};

use super::unit::{FBlockType, Op, SrcLoc};
use super::{Compiler, NameCtx};
use crate::ast::{ExceptHandler, Expr, Stmt};
use crate::error::CompileResult;

impl<'a> Compiler<'a> {
    /// `compiler_try`.
    pub(crate) fn compiler_try(
        &mut self,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
    ) -> CompileResult<()> {
        if finalbody.is_empty() {
            self.compiler_try_except(body, handlers, orelse)
        } else {
            self.compiler_try_finally(body, handlers, orelse, finalbody)
        }
    }

    /// `compiler_try_finally`: the `finally` body is compiled twice, once
    /// on the normal path and once as the handler (which re-raises).
    ///
    /// ```text
    ///         SETUP_FINALLY   end
    ///         <body>  (or the try/except statement)
    ///         POP_BLOCK
    ///         <finalbody>
    ///         JUMP            exit
    ///   end:  SETUP_CLEANUP   cleanup
    ///         PUSH_EXC_INFO
    ///         <finalbody>
    ///         RERAISE 0
    ///   cleanup:
    ///         COPY 3; POP_EXCEPT; RERAISE 1
    ///   exit:
    /// ```
    fn compiler_try_finally(
        &mut self,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
    ) -> CompileResult<()> {
        let body_block = self.unit.new_block();
        let end = self.unit.new_block();
        let exit = self.unit.new_block();
        let cleanup = self.unit.new_block();
        // `try` block
        self.addop_jump(Op::SetupFinally, end);
        self.unit.use_next_block(body_block);
        self.push_fblock(
            FBlockType::FinallyTry(finalbody.into()),
            Some(body_block),
            Some(end),
        )?;
        if handlers.is_empty() {
            self.visit_stmts(body)?;
        } else {
            self.compiler_try_except(body, handlers, orelse)?;
        }
        self.addop_pseudo_noline(Op::PopBlock);
        self.pop_fblock();
        self.visit_stmts(finalbody)?;
        self.addop_jump_noline(Op::Jump, exit);
        // `finally` block
        self.unit.use_next_block(end);
        self.unit.loc = SrcLoc::NONE;
        self.addop_jump(Op::SetupCleanup, cleanup);
        self.addop(Opcode::PUSH_EXC_INFO);
        self.push_fblock(FBlockType::FinallyEnd, Some(end), None)?;
        self.visit_stmts(finalbody)?;
        self.pop_fblock();
        self.addop_i(Opcode::RERAISE, 0);
        self.unit.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.unit.use_next_block(exit);
        Ok(())
    }

    /// `compiler_try_except`:
    ///
    /// ```text
    ///         SETUP_FINALLY   except
    ///         <body>
    ///         POP_BLOCK
    ///         <orelse>
    ///         JUMP            end
    ///   except:
    ///         SETUP_CLEANUP   cleanup
    ///         PUSH_EXC_INFO
    ///         (for each handler)
    ///         <type>; CHECK_EXC_MATCH; POP_JUMP_IF_FALSE next_handler
    ///         <store to name, or POP_TOP>
    ///         <handler body> (in its own SETUP_CLEANUP when named)
    ///         POP_BLOCK; POP_EXCEPT; JUMP end
    ///         ...
    ///         RERAISE 0
    ///   cleanup:
    ///         COPY 3; POP_EXCEPT; RERAISE 1
    ///   end:
    /// ```
    fn compiler_try_except(
        &mut self,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
    ) -> CompileResult<()> {
        let body_block = self.unit.new_block();
        let mut except = self.unit.new_block();
        let end = self.unit.new_block();
        let cleanup = self.unit.new_block();
        self.addop_jump(Op::SetupFinally, except);
        self.unit.use_next_block(body_block);
        self.push_fblock(FBlockType::TryExcept, Some(body_block), None)?;
        self.visit_stmts(body)?;
        self.pop_fblock();
        self.addop_pseudo_noline(Op::PopBlock);
        self.visit_stmts(orelse)?;
        self.addop_jump_noline(Op::Jump, end);
        let n = handlers.len();
        self.unit.use_next_block(except);

        self.unit.loc = SrcLoc::NONE;
        self.addop_jump(Op::SetupCleanup, cleanup);
        self.addop(Opcode::PUSH_EXC_INFO);
        // The runtime pushes a block here, so account for it.
        self.push_fblock(FBlockType::ExceptionHandler, None, None)?;
        for (i, handler) in handlers.iter().enumerate() {
            self.set_loc(handler.loc);
            if handler.type_.is_none() && i + 1 < n {
                return Err(self.error_here("default 'except:' must be last"));
            }
            except = self.unit.new_block();
            if let Some(t) = &handler.type_ {
                self.visit_expr(t)?;
                self.addop(Opcode::CHECK_EXC_MATCH);
                self.addop_jump(Op::PopJumpIfFalse, except);
            }
            if let Some(name) = &handler.name {
                let cleanup_end = self.unit.new_block();
                let cleanup_body = self.unit.new_block();
                self.nameop(name, NameCtx::Store)?;
                // try:
                //     <body>
                // finally:
                //     name = None  # in case the body contains `del name`
                //     del name
                self.addop_jump(Op::SetupCleanup, cleanup_end);
                self.unit.use_next_block(cleanup_body);
                self.push_fblock(
                    FBlockType::HandlerCleanup(Some(name.clone())),
                    Some(cleanup_body),
                    None,
                )?;
                self.visit_stmts(&handler.body)?;
                self.pop_fblock();
                // name = None; del name  (artificial)
                self.unit.loc = SrcLoc::NONE;
                self.addop_pseudo(Op::PopBlock);
                self.addop_pseudo(Op::PopBlock);
                self.addop(Opcode::POP_EXCEPT);
                self.load_const(Constant::None);
                self.nameop(name, NameCtx::Store)?;
                self.nameop(name, NameCtx::Del)?;
                self.addop_jump(Op::Jump, end);

                // except:
                self.unit.use_next_block(cleanup_end);
                self.unit.loc = SrcLoc::NONE;
                self.load_const(Constant::None);
                self.nameop(name, NameCtx::Store)?;
                self.nameop(name, NameCtx::Del)?;
                self.addop_i(Opcode::RERAISE, 1);
            } else {
                let cleanup_body = self.unit.new_block();
                self.addop(Opcode::POP_TOP); // exc_value
                self.unit.use_next_block(cleanup_body);
                self.push_fblock(FBlockType::HandlerCleanup(None), Some(cleanup_body), None)?;
                self.visit_stmts(&handler.body)?;
                self.pop_fblock();
                self.unit.loc = SrcLoc::NONE;
                self.addop_pseudo(Op::PopBlock);
                self.addop(Opcode::POP_EXCEPT);
                self.addop_jump(Op::Jump, end);
            }
            self.unit.use_next_block(except);
        }
        // Artificial.
        self.unit.loc = SrcLoc::NONE;
        self.pop_fblock();
        self.addop_i(Opcode::RERAISE, 0);
        self.unit.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.unit.use_next_block(end);
        Ok(())
    }

    /// `compiler_pop_except_and_reraise`:
    ///
    /// ```text
    /// [exc_info, lasti, exc]            COPY        3
    /// [exc_info, lasti, exc, exc_info]  POP_EXCEPT
    /// [exc_info, lasti, exc]            RERAISE     1
    /// ```
    fn pop_except_and_reraise(&mut self) {
        self.addop_i(Opcode::COPY, 3);
        self.addop(Opcode::POP_EXCEPT);
        self.addop_i(Opcode::RERAISE, 1);
    }

    /// The `Raise_kind` case: `raise`, `raise exc`, `raise exc from cause`.
    pub(crate) fn compiler_raise(
        &mut self,
        exc: Option<&Expr>,
        cause: Option<&Expr>,
    ) -> CompileResult<()> {
        let mut n = 0;
        if let Some(e) = exc {
            self.visit_expr(e)?;
            n += 1;
            if let Some(c) = cause {
                self.visit_expr(c)?;
                n += 1;
            }
        }
        self.addop_i(Opcode::RAISE_VARARGS, n);
        Ok(())
    }

    /// `compiler_assert`: `if not test: raise AssertionError(msg)`.
    pub(crate) fn compiler_assert(&mut self, test: &Expr, msg: Option<&Expr>) -> CompileResult<()> {
        let end = self.unit.new_block();
        self.compiler_jump_if(test, end, true)?;
        self.addop(Opcode::LOAD_ASSERTION_ERROR);
        if let Some(m) = msg {
            self.visit_expr(m)?;
            self.addop_i(Opcode::PRECALL, 0);
            self.addop_i(Opcode::CALL, 0);
        }
        self.set_loc(test.loc);
        self.addop_i(Opcode::RAISE_VARARGS, 1);
        self.unit.use_next_block(end);
        Ok(())
    }
}
