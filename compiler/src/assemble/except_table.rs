//! The exception-handling passes of 3.11's `assemble()`:
//! `label_exception_targets` gives every instruction the handler an
//! exception raised there goes to, `convert_exception_handlers_to_nops`
//! turns the `SETUP_*` / `POP_BLOCK` pseudo-instructions into `NOP`s, and
//! `assemble_exception_table` writes `co_exceptiontable`
//! (`Objects/exception_handling_notes.txt`).

use crate::codegen::unit::{BasicBlock, BlockId, Op};

/// The handler stack at the start of a block (CPython's `ExceptStack`):
/// `None` at the bottom stands for "no handler".
type ExceptStack = Vec<Option<BlockId>>;

/// The innermost handler of `stack`.
fn except_stack_top(stack: &ExceptStack) -> Option<BlockId> {
    stack.last().copied().flatten()
}

/// `push_except_block`: `SETUP_CLEANUP` and `SETUP_WITH` handlers get
/// `lasti` pushed as well.
fn push_except_block(
    blocks: &mut [BasicBlock],
    stack: &mut ExceptStack,
    op: Op,
    target: Option<BlockId>,
) -> Option<BlockId> {
    if let Some(t) = target {
        if op == Op::SetupCleanup {
            blocks[t].preserve_lasti = true;
        }
    }
    stack.push(target);
    target
}

/// `pop_except_block`.
fn pop_except_block(stack: &mut ExceptStack) -> Option<BlockId> {
    if stack.len() > 1 {
        stack.pop();
    }
    except_stack_top(stack)
}

/// `label_exception_targets`: a depth-first walk from the entry block that
/// carries the handler stack along fall-through edges, jumps and block
/// pushes, recording each instruction's handler in `Instr::except`.
pub(crate) fn label_exception_targets(blocks: &mut [BasicBlock], entry: BlockId) {
    let mut stacks: Vec<Option<ExceptStack>> = vec![None; blocks.len()];
    for b in blocks.iter_mut() {
        b.visited = false;
    }
    let mut todo: Vec<BlockId> = vec![entry];
    blocks[entry].visited = true;
    stacks[entry] = Some(vec![None]);
    while let Some(b) = todo.pop() {
        let mut except_stack = stacks[b].take();
        let mut handler = except_stack.as_ref().and_then(except_stack_top);
        for i in 0..blocks[b].instrs.len() {
            let ins = blocks[b].instrs[i];
            if ins.op.is_block_push() {
                if let Some(t) = ins.target {
                    if !blocks[t].visited {
                        stacks[t] = except_stack.clone();
                        blocks[t].visited = true;
                        todo.push(t);
                    }
                }
                if let Some(stack) = except_stack.as_mut() {
                    handler = push_except_block(blocks, stack, ins.op, ins.target);
                }
            } else if ins.op == Op::PopBlock {
                if let Some(stack) = except_stack.as_mut() {
                    handler = pop_except_block(stack);
                }
            } else if ins.op.is_jump() {
                blocks[b].instrs[i].except = handler;
                if let Some(t) = ins.target {
                    if !blocks[t].visited {
                        if !blocks[b].nofallthrough {
                            stacks[t] = except_stack.clone();
                        } else {
                            stacks[t] = except_stack.take();
                        }
                        blocks[t].visited = true;
                        todo.push(t);
                    }
                }
            } else {
                blocks[b].instrs[i].except = handler;
            }
        }
        if !blocks[b].nofallthrough {
            if let Some(next) = blocks[b].next {
                if !blocks[next].visited {
                    stacks[next] = except_stack.take();
                    blocks[next].visited = true;
                    todo.push(next);
                }
            }
        }
    }
}

/// `convert_exception_handlers_to_nops`.
pub(crate) fn convert_exception_handlers_to_nops(blocks: &mut [BasicBlock], entry: BlockId) {
    let mut b = Some(entry);
    while let Some(id) = b {
        for ins in blocks[id].instrs.iter_mut() {
            if ins.op.is_block_push() || ins.op == Op::PopBlock {
                ins.op = Op::Real(py_fn_bytecode::Opcode::NOP);
            }
        }
        b = blocks[id].next;
    }
}

/// `CONTINUATION_BIT` of the exception-table varints.
const CONTINUATION_BIT: u8 = 64;

/// `assemble_emit_exception_table_item`: `value` in 6-bit chunks, most
/// significant first, `msb` (the entry-start mark) on the first byte.
fn emit_item(out: &mut Vec<u8>, value: u32, mut msb: u8) {
    for shift in [24u32, 18, 12, 6] {
        if value >= 1 << shift {
            out.push((((value >> shift) & 0x3f) as u8) | CONTINUATION_BIT | msb);
            msb = 0;
        }
    }
    out.push(((value & 0x3f) as u8) | msb);
}

/// `assemble_emit_exception_table_entry`: start, length, handler offset
/// (all in code units) and `depth << 1 | lasti`.
fn emit_entry(out: &mut Vec<u8>, start: u32, end: u32, handler: &BasicBlock) {
    let size = end.saturating_sub(start);
    let mut depth = handler.startdepth.saturating_sub(1);
    if handler.preserve_lasti {
        depth = depth.saturating_sub(1);
    }
    let depth = depth.max(0) as u32;
    let depth_lasti = (depth << 1) | u32::from(handler.preserve_lasti);
    emit_item(out, start, 1 << 7);
    emit_item(out, size, 0);
    emit_item(out, handler.offset, 0);
    emit_item(out, depth_lasti, 0);
}

/// `assemble_exception_table`: one entry per run of instructions with the
/// same handler, in code order. `size` gives an instruction's length in
/// code units.
pub(crate) fn assemble_exception_table(
    blocks: &[BasicBlock],
    entry: BlockId,
    size: impl Fn(&crate::codegen::unit::Instr) -> u32,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut handler: Option<BlockId> = None;
    let mut start = 0;
    let mut ioffset = 0;
    let mut b = Some(entry);
    while let Some(id) = b {
        ioffset = blocks[id].offset;
        for ins in &blocks[id].instrs {
            if ins.except != handler {
                if let Some(h) = handler {
                    emit_entry(&mut out, start, ioffset, &blocks[h]);
                }
                start = ioffset;
                handler = ins.except;
            }
            ioffset += size(ins);
        }
        b = blocks[id].next;
    }
    if let Some(h) = handler {
        emit_entry(&mut out, start, ioffset, &blocks[h]);
    }
    out
}
