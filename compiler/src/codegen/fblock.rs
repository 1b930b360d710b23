//! The frame-block stack of 3.11's `Python/compile.c`
//! (`compiler_push_fblock`, `compiler_unwind_fblock`,
//! `compiler_unwind_fblock_stack`) and the statements that unwind it:
//! `return`, `break` and `continue`.

use py_fn_bytecode::{Constant, Opcode};

use super::unit::{BlockId, FBlock, FBlockType, Op, SrcLoc, CO_MAXBLOCKS};
use super::{Compiler, NameCtx};
use crate::ast::{Expr, Stmt};
use crate::error::{CompileError, CompileResult};
use crate::fold;
use crate::messages;
use crate::symtable::BlockType;

impl<'a> Compiler<'a> {
    /// `compiler_push_fblock`.
    pub(crate) fn push_fblock(
        &mut self,
        kind: FBlockType,
        block: Option<BlockId>,
        exit: Option<BlockId>,
    ) -> CompileResult<()> {
        if self.unit.fblocks.len() >= CO_MAXBLOCKS {
            return Err(self.error_here("too many statically nested blocks"));
        }
        self.unit.fblocks.push(FBlock { kind, block, exit });
        Ok(())
    }

    /// `compiler_pop_fblock`.
    pub(crate) fn pop_fblock(&mut self) {
        self.unit.fblocks.pop();
    }

    /// `compiler_unwind_fblock`: the code that leaves frame block `info`
    /// on the way out of a `return`, `break` or `continue`. With
    /// `preserve_tos` the value on top of the stack (a return value)
    /// stays on top.
    fn unwind_fblock(&mut self, info: &FBlock, preserve_tos: bool) -> CompileResult<()> {
        match &info.kind {
            FBlockType::WhileLoop | FBlockType::ExceptionHandler => {}
            FBlockType::ForLoop => {
                // Pop the iterator.
                if preserve_tos {
                    self.addop_i(Opcode::SWAP, 2);
                }
                self.addop(Opcode::POP_TOP);
            }
            FBlockType::TryExcept => self.addop_pseudo(Op::PopBlock),
            FBlockType::FinallyTry(finalbody) => {
                // This POP_BLOCK gets the line number of the unwinding statement.
                self.addop_pseudo(Op::PopBlock);
                if preserve_tos {
                    self.push_fblock(FBlockType::PopValue, None, None)?;
                }
                for s in finalbody.iter() {
                    self.visit_stmt(s)?;
                }
                if preserve_tos {
                    self.pop_fblock();
                }
                // The finally block should appear to run after the statement
                // that unwinds, so the unwinding instruction is artificial.
                self.unit.loc = SrcLoc::NONE;
            }
            FBlockType::FinallyEnd => {
                if preserve_tos {
                    self.addop_i(Opcode::SWAP, 2);
                }
                self.addop(Opcode::POP_TOP); // exc_value
                if preserve_tos {
                    self.addop_i(Opcode::SWAP, 2);
                }
                self.addop_pseudo(Op::PopBlock);
                self.addop(Opcode::POP_EXCEPT);
            }
            FBlockType::HandlerCleanup(name) => {
                if name.is_some() {
                    self.addop_pseudo(Op::PopBlock);
                }
                if preserve_tos {
                    self.addop_i(Opcode::SWAP, 2);
                }
                self.addop_pseudo(Op::PopBlock);
                self.addop(Opcode::POP_EXCEPT);
                if let Some(name) = name {
                    self.load_const(Constant::None);
                    self.nameop(name, NameCtx::Store)?;
                    self.nameop(name, NameCtx::Del)?;
                }
            }
            FBlockType::PopValue => {
                if preserve_tos {
                    self.addop_i(Opcode::SWAP, 2);
                }
                self.addop(Opcode::POP_TOP);
            }
        }
        Ok(())
    }

    /// `compiler_unwind_fblock_stack`: unwinds every frame block, innermost
    /// first; with `stop_at_loop`, stops at the first loop and returns it
    /// (for `break` and `continue`).
    fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        stop_at_loop: bool,
    ) -> CompileResult<Option<FBlock>> {
        let Some(top) = self.unit.fblocks.last().cloned() else {
            return Ok(None);
        };
        if stop_at_loop && matches!(top.kind, FBlockType::WhileLoop | FBlockType::ForLoop) {
            return Ok(Some(top));
        }
        self.unit.fblocks.pop();
        let res = self
            .unwind_fblock(&top, preserve_tos)
            .and_then(|()| self.unwind_fblock_stack(preserve_tos, stop_at_loop));
        self.unit.fblocks.push(top);
        res
    }

    /// `compiler_return`.
    pub(crate) fn compiler_return(&mut self, value: Option<&Expr>, s: &Stmt) -> CompileResult<()> {
        let preserve_tos = value.is_some_and(|v| !fold::is_constant(v));
        if self.block_kind() != BlockType::Function {
            return Err(CompileError::syntax(
                messages::return_outside_function(),
                s.loc,
            ));
        }
        match value {
            Some(v) if preserve_tos => self.visit_expr(v)?,
            Some(v) => {
                // An instruction with the return value's line number.
                self.set_loc(v.loc);
                self.addop(Opcode::NOP);
            }
            None => {}
        }
        if value.is_none_or(|v| v.loc.line != s.loc.line) {
            self.set_loc(s.loc);
            self.addop(Opcode::NOP);
        }
        self.unwind_fblock_stack(preserve_tos, false)?;
        match value {
            None => self.load_const(Constant::None),
            Some(v) if !preserve_tos => {
                if let Some(c) = fold::as_constant(v) {
                    self.load_const(c);
                }
            }
            _ => {}
        }
        self.addop(Opcode::RETURN_VALUE);
        Ok(())
    }

    /// `compiler_break`.
    pub(crate) fn compiler_break(&mut self, s: &Stmt) -> CompileResult<()> {
        // An instruction with the statement's line number.
        self.addop(Opcode::NOP);
        let Some(lp) = self.unwind_fblock_stack(false, true)? else {
            return Err(CompileError::syntax(messages::break_outside_loop(), s.loc));
        };
        self.unwind_fblock(&lp, false)?;
        if let Some(exit) = lp.exit {
            self.addop_jump(Op::Jump, exit);
        }
        Ok(())
    }

    /// `compiler_continue`.
    pub(crate) fn compiler_continue(&mut self, s: &Stmt) -> CompileResult<()> {
        self.addop(Opcode::NOP);
        let Some(lp) = self.unwind_fblock_stack(false, true)? else {
            return Err(CompileError::syntax(
                messages::continue_not_in_loop(),
                s.loc,
            ));
        };
        if let Some(block) = lp.block {
            self.addop_jump(Op::Jump, block);
        }
        Ok(())
    }
}
