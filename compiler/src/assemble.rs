//! The back end of CPython 3.11's `Python/compile.c`: the control-flow-graph
//! passes of `assemble()` (`optimize_cfg`, `duplicate_exits_without_lineno`,
//! `trim_unused_consts`, `propagate_line_numbers`, `stackdepth`,
//! `label_exception_targets`, `normalize_jumps`, `assemble_jump_offsets`),
//! then the bytes of `co_code`, `co_linetable` and `co_exceptiontable`
//! (the exception-handling passes live in `except_table`).

use std::borrow::Cow;

use py_fn_bytecode::code::flags as co_flags;
use py_fn_bytecode::{linetable, CodeData, Constant, Opcode};

use crate::codegen::unit::{BasicBlock, BlockId, Instr, Op, SrcLoc, Unit, UnitKind};

mod except_table;

/// Largest basic block that `extend_block` copies (`MAX_COPY_SIZE`).
const MAX_COPY_SIZE: usize = 4;

/// Facts about the unit's scope that assembly needs.
pub(crate) struct ScopeFacts {
    /// `ste_generator`.
    pub generator: bool,
}

/// `assemble(c, addNone)`: turns the unit's CFG into a finished code object.
pub(crate) fn assemble(
    mut u: Unit,
    add_none: bool,
    facts: &ScopeFacts,
    filename: &str,
) -> CodeData {
    // Make sure every block that falls off the end returns None.
    let cur_ret = u.blocks.get(u.cur).map(|b| b.ret).unwrap_or(false);
    if !cur_ret {
        u.loc = SrcLoc::NONE;
        if add_none {
            let i = u.add_const(Constant::None);
            u.push(Op::Real(Opcode::LOAD_CONST), i, None);
        }
        u.push(Op::Real(Opcode::RETURN_VALUE), 0, None);
    }
    let mut blocks = std::mem::take(&mut u.blocks);
    // b_list order is newest first.
    for b in (0..blocks.len()).rev() {
        normalize_basic_block(&mut blocks, b);
    }
    for b in (0..blocks.len()).rev() {
        extend_block(&mut blocks, b);
    }
    let entry: BlockId = 0;

    insert_prefix_instructions(&u, facts, &mut blocks, entry);
    fix_cell_offsets(&u, &mut blocks);

    let mut consts = std::mem::take(&mut u.consts);
    optimize_cfg(&mut blocks, entry, &mut consts, &mut u);
    duplicate_exits_without_lineno(&mut blocks);
    trim_unused_consts(&blocks, entry, &mut consts);
    propagate_line_numbers(&mut blocks, entry);
    guarantee_lineno_for_exits(&mut blocks, entry, u.firstlineno as i32);
    let maxdepth = stackdepth(&mut blocks, entry, facts.generator);
    except_table::label_exception_targets(&mut blocks, entry);
    except_table::convert_exception_handlers_to_nops(&mut blocks, entry);
    let mut b = Some(entry);
    while let Some(id) = b {
        clean_basic_block(&mut blocks, id);
        b = blocks[id].next;
    }
    normalize_jumps(&mut blocks, entry);
    assemble_jump_offsets(&mut blocks, entry);

    let mut code = Vec::new();
    let mut locations = Vec::new();
    let mut b = Some(entry);
    while let Some(id) = b {
        for ins in &blocks[id].instrs {
            emit_instr(&mut code, ins);
            locations.push((instr_size(ins), location(ins.loc)));
        }
        b = blocks[id].next;
    }
    let linetable = linetable::encode_locations(u.firstlineno, &locations);
    let exceptiontable = except_table::assemble_exception_table(&blocks, entry, instr_size);

    let mut flags = 0;
    if u.kind != UnitKind::Module {
        flags = u.flags;
    }
    let cellvars = code_cellvars(&u);
    CodeData {
        argcount: u.argcount + u.posonlyargcount,
        posonlyargcount: u.posonlyargcount,
        kwonlyargcount: u.kwonlyargcount,
        stacksize: maxdepth.max(0) as u32,
        flags,
        code: Cow::Owned(code),
        consts: Cow::Owned(consts),
        names: Cow::Owned(u.names.iter().map(|s| Cow::Owned(s.clone())).collect()),
        varnames: Cow::Owned(u.varnames.iter().map(|s| Cow::Owned(s.clone())).collect()),
        cellvars: Cow::Owned(cellvars.into_iter().map(Cow::Owned).collect()),
        freevars: Cow::Owned(u.freevars.iter().map(|s| Cow::Owned(s.clone())).collect()),
        filename: Cow::Owned(filename.to_string()),
        name: Cow::Owned(u.name.clone()),
        qualname: Cow::Owned(u.qualname.clone()),
        firstlineno: u.firstlineno,
        linetable: Cow::Owned(linetable),
        exceptiontable: Cow::Owned(exceptiontable),
    }
}

/// `co_cellvars` in localsplus order: parameter cells in parameter order,
/// then the other cells sorted.
fn code_cellvars(u: &Unit) -> Vec<String> {
    let mut out: Vec<String> = u
        .varnames
        .iter()
        .filter(|v| u.cellvars.contains(v))
        .cloned()
        .collect();
    for c in &u.cellvars {
        if !u.varnames.contains(c) {
            out.push(c.clone());
        }
    }
    out
}

/// The localsplus index of each entry of `cellvars ++ freevars`.
fn cell_offsets(u: &Unit) -> Vec<u32> {
    let nlocals = u.varnames.len() as u32;
    let mut fixed = Vec::new();
    let mut extra = 0;
    for c in &u.cellvars {
        if let Some(i) = u.varnames.iter().position(|v| v == c) {
            fixed.push(i as u32);
        } else {
            fixed.push(nlocals + extra);
            extra += 1;
        }
    }
    for i in 0..u.freevars.len() {
        fixed.push(nlocals + extra + i as u32);
    }
    fixed
}

fn is_deref_op(op: Op) -> bool {
    matches!(
        op,
        Op::Real(
            Opcode::MAKE_CELL
                | Opcode::LOAD_CLOSURE
                | Opcode::LOAD_DEREF
                | Opcode::STORE_DEREF
                | Opcode::DELETE_DEREF
                | Opcode::LOAD_CLASSDEREF
        )
    )
}

/// `fix_cell_offsets`: cell and free opargs become localsplus indexes.
fn fix_cell_offsets(u: &Unit, blocks: &mut [BasicBlock]) {
    let fixed = cell_offsets(u);
    for b in blocks.iter_mut() {
        for ins in b.instrs.iter_mut() {
            if is_deref_op(ins.op) {
                if let Some(&f) = fixed.get(ins.arg as usize) {
                    ins.arg = f;
                }
            }
        }
    }
}

/// `insert_prefix_instructions`: `COPY_FREE_VARS`, `MAKE_CELL`s,
/// `RETURN_GENERATOR; POP_TOP` before `RESUME`.
fn insert_prefix_instructions(
    u: &Unit,
    facts: &ScopeFacts,
    blocks: &mut [BasicBlock],
    entry: BlockId,
) {
    let mut prefix = Vec::new();
    if !u.freevars.is_empty() {
        prefix.push(Instr {
            op: Op::Real(Opcode::COPY_FREE_VARS),
            arg: u.freevars.len() as u32,
            target: None,
            loc: SrcLoc::NONE,
            except: None,
        });
    }
    if !u.cellvars.is_empty() {
        let fixed = cell_offsets(u);
        let mut order: Vec<(u32, u32)> = (0..u.cellvars.len())
            .map(|i| (fixed.get(i).copied().unwrap_or(0), i as u32))
            .collect();
        order.sort();
        for (_, old) in order {
            prefix.push(Instr {
                op: Op::Real(Opcode::MAKE_CELL),
                arg: old,
                target: None,
                loc: SrcLoc::NONE,
                except: None,
            });
        }
    }
    if facts.generator {
        let fl = u.firstlineno as i32;
        prefix.push(Instr {
            op: Op::Real(Opcode::RETURN_GENERATOR),
            arg: 0,
            target: None,
            loc: SrcLoc {
                line: fl,
                end_line: fl,
                col: -1,
                end_col: -1,
            },
            except: None,
        });
        prefix.push(Instr {
            op: Op::Real(Opcode::POP_TOP),
            arg: 0,
            target: None,
            loc: SrcLoc::NONE,
            except: None,
        });
    }
    if let Some(b) = blocks.get_mut(entry) {
        let rest = std::mem::take(&mut b.instrs);
        prefix.extend(rest);
        b.instrs = prefix;
    }
}

fn target_of(blocks: &[BasicBlock], ins: &Instr) -> Option<BlockId> {
    let _ = blocks;
    ins.target
}

/// Follows empty blocks to the first non-empty one.
fn skip_empty(blocks: &[BasicBlock], mut b: BlockId) -> BlockId {
    let mut guard = 0;
    while blocks[b].instrs.is_empty() {
        match blocks[b].next {
            Some(n) => b = n,
            None => break,
        }
        guard += 1;
        if guard > blocks.len() {
            break;
        }
    }
    b
}

/// `normalize_basic_block`: marks exits and no-fallthrough blocks.
fn normalize_basic_block(blocks: &mut [BasicBlock], b: BlockId) {
    let n = blocks[b].instrs.len();
    for i in 0..n {
        let ins = blocks[b].instrs[i];
        if ins.op.is_scope_exit() {
            blocks[b].exit = true;
            blocks[b].nofallthrough = true;
        }
        if ins.op.is_unconditional_jump() {
            blocks[b].nofallthrough = true;
        }
        if ins.op.is_jump() {
            if let Some(t) = ins.target {
                let t = skip_empty(blocks, t);
                blocks[b].instrs[i].target = Some(t);
            }
        }
    }
}

/// `extend_block`: a jump to a small exit block becomes a copy of it.
fn extend_block(blocks: &mut [BasicBlock], b: BlockId) {
    let Some(last) = blocks[b].instrs.last().copied() else {
        return;
    };
    if !matches!(
        last.op,
        Op::Jump | Op::Real(Opcode::JUMP_FORWARD | Opcode::JUMP_BACKWARD)
    ) {
        return;
    }
    let Some(t) = last.target else { return };
    // Only blocks without line numbers (implicit `return None`s) are copied.
    if blocks[t].exit
        && blocks[t].instrs.len() <= MAX_COPY_SIZE
        && blocks[t].instrs.iter().all(|i| i.loc.line < 0)
    {
        let copy = blocks[t].instrs.clone();
        if let Some(l) = blocks[b].instrs.last_mut() {
            l.op = Op::Real(Opcode::NOP);
            l.target = None;
        }
        blocks[b].instrs.extend(copy);
        blocks[b].exit = true;
    }
}

fn const_is_true(c: &Constant) -> bool {
    match c {
        Constant::None => false,
        Constant::Bool(b) => *b,
        Constant::Int(i) => *i != 0,
        Constant::BigInt(s) => s.as_ref() != "0",
        Constant::Float(f) => *f != 0.0,
        Constant::Complex(f) => *f != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
        Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
        Constant::Ellipsis => true,
        Constant::Code(_) => true,
    }
}

/// `jump_thread`.
fn jump_thread(blocks: &mut [BasicBlock], b: BlockId, i: usize, target: &Instr, op: Op) -> bool {
    let ins = blocks[b].instrs[i];
    if ins.loc.line == target.loc.line && ins.target != target.target {
        let ins = &mut blocks[b].instrs[i];
        ins.target = target.target;
        ins.op = op;
        return true;
    }
    false
}

/// `optimize_basic_block`: the peephole pass of 3.11 (its `switch`es are
/// kept in CPython's shape rather than collapsed).
#[allow(clippy::collapsible_match)]
fn optimize_basic_block(
    blocks: &mut [BasicBlock],
    b: BlockId,
    consts: &mut Vec<Constant>,
    u: &mut Unit,
) {
    let nop = Instr {
        op: Op::Real(Opcode::NOP),
        arg: 0,
        target: None,
        loc: SrcLoc::NONE,
        except: None,
    };
    let mut i: isize = 0;
    while (i as usize) < blocks[b].instrs.len() {
        let iu = i as usize;
        let n = blocks[b].instrs.len();
        let inst = blocks[b].instrs[iu];
        let oparg = inst.arg;
        let nextop = if iu + 1 < n {
            Some(blocks[b].instrs[iu + 1].op)
        } else {
            None
        };
        let target = if inst.op.has_target() {
            match inst.target {
                Some(t) => {
                    let t = skip_empty(blocks, t);
                    blocks[b].instrs[iu].target = Some(t);
                    blocks[t].instrs.first().copied().unwrap_or(nop)
                }
                None => nop,
            }
        } else {
            nop
        };
        match inst.op {
            Op::Real(Opcode::LOAD_CONST) => {
                // Borrowed: cloning a code object constant copies its
                // whole tree (quadratic in nested lambdas).
                let cnt = consts.get(oparg as usize);
                match nextop {
                    Some(Op::PopJumpIfFalse) | Some(Op::PopJumpIfTrue) => {
                        if let Some(cnt) = cnt {
                            let is_true = const_is_true(cnt);
                            blocks[b].instrs[iu].op = Op::Real(Opcode::NOP);
                            let jump_if_true = nextop == Some(Op::PopJumpIfTrue);
                            if is_true == jump_if_true {
                                blocks[b].instrs[iu + 1].op = Op::Jump;
                                blocks[b].nofallthrough = true;
                            } else {
                                blocks[b].instrs[iu + 1].op = Op::Real(Opcode::NOP);
                            }
                        }
                    }
                    Some(Op::Real(Opcode::JUMP_IF_FALSE_OR_POP))
                    | Some(Op::Real(Opcode::JUMP_IF_TRUE_OR_POP)) => {
                        if let Some(cnt) = cnt {
                            let is_true = const_is_true(cnt);
                            let jump_if_true =
                                nextop == Some(Op::Real(Opcode::JUMP_IF_TRUE_OR_POP));
                            if is_true == jump_if_true {
                                blocks[b].instrs[iu + 1].op = Op::Jump;
                                blocks[b].nofallthrough = true;
                            } else {
                                blocks[b].instrs[iu].op = Op::Real(Opcode::NOP);
                                blocks[b].instrs[iu + 1].op = Op::Real(Opcode::NOP);
                            }
                        }
                    }
                    Some(Op::Real(Opcode::IS_OP)) => {
                        let jump_op = blocks[b].instrs.get(iu + 2).map(|x| x.op);
                        if matches!(cnt, Some(Constant::None))
                            && matches!(jump_op, Some(Op::PopJumpIfFalse) | Some(Op::PopJumpIfTrue))
                        {
                            let nextarg = blocks[b].instrs[iu + 1].arg;
                            blocks[b].instrs[iu].op = Op::Real(Opcode::NOP);
                            blocks[b].instrs[iu + 1].op = Op::Real(Opcode::NOP);
                            let is_false = jump_op == Some(Op::PopJumpIfFalse);
                            blocks[b].instrs[iu + 2].op = if (nextarg != 0) ^ is_false {
                                Op::PopJumpIfNotNone
                            } else {
                                Op::PopJumpIfNone
                            };
                        }
                    }
                    _ => {}
                }
            }
            Op::Real(Opcode::BUILD_TUPLE) => {
                if nextop == Some(Op::Real(Opcode::UNPACK_SEQUENCE))
                    && oparg == blocks[b].instrs[iu + 1].arg
                {
                    match oparg {
                        1 => {
                            blocks[b].instrs[iu].op = Op::Real(Opcode::NOP);
                            blocks[b].instrs[iu + 1].op = Op::Real(Opcode::NOP);
                            i += 1;
                            continue;
                        }
                        2 | 3 => {
                            blocks[b].instrs[iu].op = Op::Real(Opcode::NOP);
                            blocks[b].instrs[iu + 1].op = Op::Real(Opcode::SWAP);
                            i += 1;
                            continue;
                        }
                        _ => {}
                    }
                }
                if iu >= oparg as usize {
                    fold_tuple_on_constants(blocks, b, iu, oparg as usize, consts, u);
                }
            }
            Op::Real(Opcode::JUMP_IF_FALSE_OR_POP) => match target.op {
                Op::PopJumpIfFalse => {
                    if jump_thread(blocks, b, iu, &target, Op::PopJumpIfFalse) {
                        i -= 1;
                    }
                }
                Op::Jump | Op::Real(Opcode::JUMP_IF_FALSE_OR_POP) => {
                    if jump_thread(
                        blocks,
                        b,
                        iu,
                        &target,
                        Op::Real(Opcode::JUMP_IF_FALSE_OR_POP),
                    ) {
                        i -= 1;
                    }
                }
                Op::Real(Opcode::JUMP_IF_TRUE_OR_POP) | Op::PopJumpIfTrue => {
                    if inst.loc.line == target.loc.line {
                        if let Some(t) = inst.target {
                            if let Some(nx) = blocks[t].next {
                                let ins = &mut blocks[b].instrs[iu];
                                ins.op = Op::PopJumpIfFalse;
                                ins.target = Some(nx);
                                i -= 1;
                            }
                        }
                    }
                }
                _ => {}
            },
            Op::Real(Opcode::JUMP_IF_TRUE_OR_POP) => match target.op {
                Op::PopJumpIfTrue => {
                    if jump_thread(blocks, b, iu, &target, Op::PopJumpIfTrue) {
                        i -= 1;
                    }
                }
                Op::Jump | Op::Real(Opcode::JUMP_IF_TRUE_OR_POP) => {
                    if jump_thread(
                        blocks,
                        b,
                        iu,
                        &target,
                        Op::Real(Opcode::JUMP_IF_TRUE_OR_POP),
                    ) {
                        i -= 1;
                    }
                }
                Op::Real(Opcode::JUMP_IF_FALSE_OR_POP) | Op::PopJumpIfFalse => {
                    if inst.loc.line == target.loc.line {
                        if let Some(t) = inst.target {
                            if let Some(nx) = blocks[t].next {
                                let ins = &mut blocks[b].instrs[iu];
                                ins.op = Op::PopJumpIfTrue;
                                ins.target = Some(nx);
                                i -= 1;
                            }
                        }
                    }
                }
                _ => {}
            },
            Op::PopJumpIfNone
            | Op::PopJumpIfNotNone
            | Op::PopJumpIfFalse
            | Op::PopJumpIfTrue
            | Op::Jump => {
                if target.op == Op::Jump && jump_thread(blocks, b, iu, &target, inst.op) {
                    i -= 1;
                }
            }
            Op::Real(Opcode::SWAP) => {
                if oparg == 1 {
                    blocks[b].instrs[iu].op = Op::Real(Opcode::NOP);
                } else {
                    let mut ix = iu;
                    swaptimize(&mut blocks[b].instrs, &mut ix);
                    apply_static_swaps(&mut blocks[b].instrs, ix as isize);
                    i = ix as isize;
                }
            }
            Op::Real(Opcode::PUSH_NULL) => {
                if nextop == Some(Op::Real(Opcode::LOAD_GLOBAL)) {
                    blocks[b].instrs[iu].op = Op::Real(Opcode::NOP);
                    blocks[b].instrs[iu].arg = 0;
                    blocks[b].instrs[iu + 1].arg |= 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// `fold_tuple_on_constants`: `LOAD_CONST`s then `BUILD_TUPLE n` become one
/// `LOAD_CONST` of the tuple (appended to the constants when new).
fn fold_tuple_on_constants(
    blocks: &mut [BasicBlock],
    b: BlockId,
    at: usize,
    n: usize,
    consts: &mut Vec<Constant>,
    u: &mut Unit,
) {
    let start = at - n;
    let mut items = Vec::with_capacity(n);
    for k in start..at {
        let ins = blocks[b].instrs[k];
        if !(ins.is(Opcode::LOAD_CONST) || ins.is(Opcode::KW_NAMES)) {
            return;
        }
        match consts.get(ins.arg as usize) {
            Some(c) => items.push(c.clone()),
            None => return,
        }
    }
    let newconst = Constant::Tuple(Cow::Owned(items));
    let key = crate::codegen::unit::const_key(&newconst);
    let index = match consts
        .iter()
        .position(|c| !matches!(c, Constant::Code(_)) && crate::codegen::unit::const_key(c) == key)
    {
        Some(i) => i,
        None => {
            consts.push(newconst);
            consts.len() - 1
        }
    };
    let _ = u;
    for k in start..at {
        blocks[b].instrs[k].op = Op::Real(Opcode::NOP);
    }
    let ins = &mut blocks[b].instrs[at];
    ins.op = Op::Real(Opcode::LOAD_CONST);
    ins.arg = index as u32;
}

/// `swaptimize`: replaces a run of `SWAP`s and `NOP`s with the shortest
/// equivalent sequence.
fn swaptimize(instrs: &mut [Instr], ix: &mut usize) {
    let start = *ix;
    let limit = instrs.len() - start;
    let mut depth = instrs[start].arg as usize;
    let mut len = 0;
    let mut more = false;
    loop {
        len += 1;
        if len >= limit {
            break;
        }
        let ins = instrs[start + len];
        if ins.is(Opcode::SWAP) {
            depth = depth.max(ins.arg as usize);
            more = true;
        } else if !ins.is(Opcode::NOP) {
            break;
        }
    }
    if !more {
        return;
    }
    const VISITED: isize = -1;
    let mut stack: Vec<isize> = (0..depth as isize).collect();
    for k in 0..len {
        let ins = instrs[start + k];
        if ins.is(Opcode::SWAP) {
            let oparg = ins.arg as usize;
            if oparg == 0 || oparg > depth {
                return;
            }
            stack.swap(0, oparg - 1);
        }
    }
    let mut current = len as isize - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i as isize {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                if current < 0 {
                    return;
                }
                let ins = &mut instrs[start + current as usize];
                ins.op = Op::Real(Opcode::SWAP);
                ins.arg = j as u32 + 1;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j];
            stack[j] = VISITED;
            if next_j < 0 {
                break;
            }
            j = next_j as usize;
        }
    }
    while current >= 0 {
        instrs[start + current as usize].op = Op::Real(Opcode::NOP);
        current -= 1;
    }
    *ix = start + len - 1;
}

fn swappable(ins: &Instr) -> bool {
    ins.is(Opcode::STORE_FAST) || ins.is(Opcode::POP_TOP)
}

fn stores_to(ins: &Instr) -> Option<u32> {
    if ins.is(Opcode::STORE_FAST) {
        Some(ins.arg)
    } else {
        None
    }
}

fn next_swappable_instruction(instrs: &[Instr], mut i: usize, lineno: i32) -> Option<usize> {
    loop {
        i += 1;
        if i >= instrs.len() {
            return None;
        }
        let ins = &instrs[i];
        if lineno >= 0 && ins.loc.line != lineno {
            return None;
        }
        if ins.is(Opcode::NOP) {
            continue;
        }
        if swappable(ins) {
            return Some(i);
        }
        return None;
    }
}

/// `apply_static_swaps`: swaps instructions instead of stack items.
fn apply_static_swaps(instrs: &mut [Instr], mut i: isize) {
    while i >= 0 {
        let iu = i as usize;
        let swap = instrs[iu];
        if !swap.is(Opcode::SWAP) {
            if swap.is(Opcode::NOP) || swappable(&swap) {
                i -= 1;
                continue;
            }
            return;
        }
        let Some(j) = next_swappable_instruction(instrs, iu, -1) else {
            return;
        };
        let mut k = j;
        let lineno = instrs[j].loc.line;
        let mut count = swap.arg as i64 - 1;
        while count > 0 {
            match next_swappable_instruction(instrs, k, lineno) {
                Some(x) => k = x,
                None => return,
            }
            count -= 1;
        }
        let store_j = stores_to(&instrs[j]);
        let store_k = stores_to(&instrs[k]);
        if store_j.is_some() || store_k.is_some() {
            if store_j == store_k {
                return;
            }
            for between in instrs.iter().take(k).skip(j + 1) {
                let s = stores_to(between);
                if s.is_some() && (s == store_j || s == store_k) {
                    return;
                }
            }
        }
        instrs[iu].op = Op::Real(Opcode::NOP);
        instrs.swap(j, k);
        i -= 1;
    }
}

/// `clean_basic_block`: removes `NOP`s that carry no needed line number.
fn clean_basic_block(blocks: &mut [BasicBlock], b: BlockId) {
    let mut out: Vec<Instr> = Vec::with_capacity(blocks[b].instrs.len());
    let mut prev_lineno = -1;
    let n = blocks[b].instrs.len();
    for src in 0..n {
        let ins = blocks[b].instrs[src];
        let lineno = ins.loc.line;
        if ins.is(Opcode::NOP) {
            if lineno < 0 {
                continue;
            }
            if prev_lineno == lineno {
                continue;
            }
            if src + 1 < n {
                let next_lineno = blocks[b].instrs[src + 1].loc.line;
                if next_lineno == lineno {
                    continue;
                }
                if next_lineno < 0 {
                    blocks[b].instrs[src + 1].loc = ins.loc;
                    continue;
                }
            } else {
                let mut next = blocks[b].next;
                let mut guard = 0;
                while let Some(nx) = next {
                    if !blocks[nx].instrs.is_empty() || guard > blocks.len() {
                        break;
                    }
                    next = blocks[nx].next;
                    guard += 1;
                }
                if let Some(nx) = next {
                    if let Some(first) = blocks[nx].instrs.first() {
                        if first.loc.line == lineno {
                            continue;
                        }
                    }
                }
            }
        }
        out.push(ins);
        prev_lineno = lineno;
    }
    blocks[b].instrs = out;
}

/// `mark_reachable`: counts predecessors from the entry block.
fn mark_reachable(blocks: &mut [BasicBlock], entry: BlockId) {
    for b in blocks.iter_mut() {
        b.predecessors = 0;
    }
    let mut stack = vec![entry];
    blocks[entry].predecessors = 1;
    while let Some(b) = stack.pop() {
        if let Some(nx) = blocks[b].next {
            if !blocks[b].nofallthrough {
                if blocks[nx].predecessors == 0 {
                    stack.push(nx);
                }
                blocks[nx].predecessors += 1;
            }
        }
        let targets: Vec<BlockId> = blocks[b]
            .instrs
            .iter()
            .filter(|i| i.op.has_target())
            .filter_map(|i| target_of(blocks, i))
            .collect();
        for t in targets {
            if blocks[t].predecessors == 0 {
                stack.push(t);
            }
            blocks[t].predecessors += 1;
        }
    }
}

/// `eliminate_empty_basic_blocks`.
fn eliminate_empty_basic_blocks(blocks: &mut [BasicBlock], entry: BlockId) {
    let mut b = Some(entry);
    while let Some(id) = b {
        if let Some(mut nx) = blocks[id].next {
            while blocks[nx].instrs.is_empty() {
                match blocks[nx].next {
                    Some(n2) => nx = n2,
                    None => break,
                }
            }
            blocks[id].next = Some(nx);
        }
        b = blocks[id].next;
    }
    let mut b = Some(entry);
    while let Some(id) = b {
        if let Some(last) = blocks[id].instrs.last().copied() {
            if last.op.is_jump() {
                if let Some(t) = last.target {
                    let t = skip_empty(blocks, t);
                    if let Some(l) = blocks[id].instrs.last_mut() {
                        l.target = Some(t);
                    }
                }
            }
        }
        b = blocks[id].next;
    }
}

/// `optimize_cfg`.
fn optimize_cfg(
    blocks: &mut [BasicBlock],
    entry: BlockId,
    consts: &mut Vec<Constant>,
    u: &mut Unit,
) {
    let mut b = Some(entry);
    while let Some(id) = b {
        optimize_basic_block(blocks, id, consts, u);
        clean_basic_block(blocks, id);
        b = blocks[id].next;
    }
    // `b_list` order: the newest block first.
    for id in (0..blocks.len()).rev() {
        extend_block(blocks, id);
    }
    mark_reachable(blocks, entry);
    let mut b = Some(entry);
    while let Some(id) = b {
        if blocks[id].predecessors == 0 {
            blocks[id].instrs.clear();
            blocks[id].nofallthrough = false;
        }
        b = blocks[id].next;
    }
    eliminate_empty_basic_blocks(blocks, entry);
    let mut b = Some(entry);
    while let Some(id) = b {
        clean_basic_block(blocks, id);
        b = blocks[id].next;
    }
    let mut maybe_empty = false;
    let mut b = Some(entry);
    while let Some(id) = b {
        let next = blocks[id].next;
        if let Some(last) = blocks[id].instrs.last().copied() {
            if matches!(last.op, Op::Jump | Op::JumpNoInterrupt)
                && last.target == next
                && next.is_some()
            {
                blocks[id].nofallthrough = false;
                if let Some(l) = blocks[id].instrs.last_mut() {
                    l.op = Op::Real(Opcode::NOP);
                    l.target = None;
                }
                maybe_empty = true;
            }
        }
        b = next;
    }
    if maybe_empty {
        eliminate_empty_basic_blocks(blocks, entry);
    }
}

fn is_exit_without_lineno(b: &BasicBlock) -> bool {
    b.exit && b.instrs.iter().all(|i| i.loc.line < 0)
}

/// `duplicate_exits_without_lineno`: each jump to a shared exit block
/// without line numbers gets its own copy, which takes the jump's location.
fn duplicate_exits_without_lineno(blocks: &mut Vec<BasicBlock>) {
    let n = blocks.len();
    for b in (0..n).rev() {
        let Some(last) = blocks[b].instrs.last().copied() else {
            continue;
        };
        if !last.op.is_jump() {
            continue;
        }
        let Some(target) = last.target else { continue };
        if is_exit_without_lineno(&blocks[target]) && blocks[target].predecessors > 1 {
            let mut copy = blocks[target].clone();
            if let Some(first) = copy.instrs.first_mut() {
                first.loc = last.loc;
            }
            copy.predecessors = 1;
            copy.next = blocks[target].next;
            blocks.push(copy);
            let new_id = blocks.len() - 1;
            blocks[target].predecessors -= 1;
            blocks[target].next = Some(new_id);
            if let Some(l) = blocks[b].instrs.last_mut() {
                l.target = Some(new_id);
            }
        }
    }
    let n = blocks.len();
    for b in (0..n).rev() {
        while let Some(nx) = blocks[b].next {
            if blocks[nx].instrs.is_empty() {
                blocks[b].next = blocks[nx].next;
            } else {
                break;
            }
        }
    }
    for b in (0..n).rev() {
        if !blocks[b].nofallthrough && !blocks[b].instrs.is_empty() {
            if let Some(nx) = blocks[b].next {
                if is_exit_without_lineno(&blocks[nx]) {
                    let loc = blocks[b]
                        .instrs
                        .last()
                        .map(|i| i.loc)
                        .unwrap_or(SrcLoc::NONE);
                    if let Some(first) = blocks[nx].instrs.first_mut() {
                        first.loc = loc;
                    }
                }
            }
        }
    }
}

/// `trim_unused_consts`: drops constants after the last one used (never slot 0).
fn trim_unused_consts(blocks: &[BasicBlock], entry: BlockId, consts: &mut Vec<Constant>) {
    let mut max = 0usize;
    let mut b = Some(entry);
    while let Some(id) = b {
        for ins in &blocks[id].instrs {
            if ins.is(Opcode::LOAD_CONST) || ins.is(Opcode::KW_NAMES) {
                max = max.max(ins.arg as usize);
            }
        }
        b = blocks[id].next;
    }
    if max + 1 < consts.len() {
        consts.truncate(max + 1);
    }
}

/// `propagate_line_numbers`.
fn propagate_line_numbers(blocks: &mut [BasicBlock], entry: BlockId) {
    let mut b = Some(entry);
    while let Some(id) = b {
        let next = blocks[id].next;
        if blocks[id].instrs.is_empty() {
            b = next;
            continue;
        }
        let mut prev = SrcLoc::NONE;
        for ins in blocks[id].instrs.iter_mut() {
            if ins.loc.line < 0 {
                ins.loc = prev;
            } else {
                prev = ins.loc;
            }
        }
        if !blocks[id].nofallthrough {
            if let Some(nx) = next {
                if blocks[nx].predecessors == 1 {
                    if let Some(first) = blocks[nx].instrs.first_mut() {
                        if first.loc.line < 0 {
                            first.loc = prev;
                        }
                    }
                }
            }
        }
        if let Some(last) = blocks[id].instrs.last().copied() {
            if last.op.is_jump() {
                if let Some(t) = last.target {
                    if blocks[t].predecessors == 1 {
                        if let Some(first) = blocks[t].instrs.first_mut() {
                            if first.loc.line < 0 {
                                first.loc = last.loc;
                            }
                        }
                    }
                }
            }
        }
        b = next;
    }
}

/// `guarantee_lineno_for_exits`.
fn guarantee_lineno_for_exits(blocks: &mut [BasicBlock], entry: BlockId, firstlineno: i32) {
    let mut lineno = firstlineno;
    let mut b = Some(entry);
    while let Some(id) = b {
        if let Some(last) = blocks[id].instrs.last().copied() {
            if last.loc.line < 0 {
                if last.is(Opcode::RETURN_VALUE) {
                    for ins in blocks[id].instrs.iter_mut() {
                        ins.loc.line = lineno;
                    }
                }
            } else {
                lineno = last.loc.line;
            }
        }
        b = blocks[id].next;
    }
}

/// 3.11's `stack_effect(opcode, oparg, jump)` (also for pseudo jumps).
#[allow(clippy::collapsible_match)]
/// CPython's `stack_effect` for an instruction, pseudo jumps included.
pub(crate) fn stack_effect(op: Op, arg: u32, jump: bool) -> i32 {
    match op {
        Op::Jump | Op::JumpNoInterrupt | Op::PopBlock => 0,
        Op::PopJumpIfFalse | Op::PopJumpIfTrue | Op::PopJumpIfNone | Op::PopJumpIfNotNone => -1,
        // The handler gets the exception pushed (and `lasti` under it for
        // SETUP_CLEANUP); the normal flow is unchanged.
        Op::SetupFinally => i32::from(jump),
        Op::SetupCleanup => 2 * i32::from(jump),
        Op::Real(o) => py_fn_bytecode::stack::stack_effect(o, arg, Some(jump)).unwrap_or(0),
    }
}

fn stackdepth(blocks: &mut [BasicBlock], entry: BlockId, generator: bool) -> i32 {
    for b in blocks.iter_mut() {
        b.startdepth = i32::MIN;
    }
    let mut stack: Vec<BlockId> = Vec::new();
    fn push(blocks: &mut [BasicBlock], stack: &mut Vec<BlockId>, b: BlockId, depth: i32) {
        if blocks[b].startdepth < depth && blocks[b].startdepth < 100 {
            blocks[b].startdepth = depth;
            stack.push(b);
        }
    }
    push(blocks, &mut stack, entry, if generator { 1 } else { 0 });
    let mut maxdepth = 0;
    while let Some(b) = stack.pop() {
        let mut depth = blocks[b].startdepth;
        let mut next = blocks[b].next;
        let instrs = blocks[b].instrs.clone();
        for ins in &instrs {
            let effect = stack_effect(ins.op, ins.arg, false);
            let new_depth = depth + effect;
            maxdepth = maxdepth.max(new_depth);
            if ins.op.has_target() {
                let te = stack_effect(ins.op, ins.arg, true);
                let target_depth = depth + te;
                maxdepth = maxdepth.max(target_depth);
                if let Some(t) = ins.target {
                    push(blocks, &mut stack, t, target_depth);
                }
            }
            depth = new_depth;
            if ins.op.is_unconditional_jump() || ins.op.is_scope_exit() {
                next = None;
                break;
            }
        }
        if let Some(nx) = next {
            push(blocks, &mut stack, nx, depth);
        }
    }
    maxdepth
}

/// `normalize_jumps`: pseudo jumps become forward or backward opcodes.
fn normalize_jumps(blocks: &mut [BasicBlock], entry: BlockId) {
    for b in blocks.iter_mut() {
        b.visited = false;
    }
    let mut b = Some(entry);
    while let Some(id) = b {
        blocks[id].visited = true;
        if let Some(last) = blocks[id].instrs.last().copied() {
            if last.op.is_jump() {
                let forward = last.target.map(|t| !blocks[t].visited).unwrap_or(true);
                let new = match last.op {
                    Op::Jump => Some(if forward {
                        Opcode::JUMP_FORWARD
                    } else {
                        Opcode::JUMP_BACKWARD
                    }),
                    Op::JumpNoInterrupt => Some(if forward {
                        Opcode::JUMP_FORWARD
                    } else {
                        Opcode::JUMP_BACKWARD_NO_INTERRUPT
                    }),
                    Op::PopJumpIfFalse => Some(if forward {
                        Opcode::POP_JUMP_FORWARD_IF_FALSE
                    } else {
                        Opcode::POP_JUMP_BACKWARD_IF_FALSE
                    }),
                    Op::PopJumpIfTrue => Some(if forward {
                        Opcode::POP_JUMP_FORWARD_IF_TRUE
                    } else {
                        Opcode::POP_JUMP_BACKWARD_IF_TRUE
                    }),
                    Op::PopJumpIfNone => Some(if forward {
                        Opcode::POP_JUMP_FORWARD_IF_NONE
                    } else {
                        Opcode::POP_JUMP_BACKWARD_IF_NONE
                    }),
                    Op::PopJumpIfNotNone => Some(if forward {
                        Opcode::POP_JUMP_FORWARD_IF_NOT_NONE
                    } else {
                        Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE
                    }),
                    _ => None,
                };
                if let (Some(n), Some(l)) = (new, blocks[id].instrs.last_mut()) {
                    l.op = Op::Real(n);
                }
            }
        }
        b = blocks[id].next;
    }
}

fn real_opcode(ins: &Instr) -> Opcode {
    match ins.op {
        Op::Real(o) => o,
        _ => Opcode::NOP,
    }
}

/// Code units of one instruction: `EXTENDED_ARG` prefixes, the instruction
/// and its inline caches.
fn instr_size(ins: &Instr) -> u32 {
    let a = ins.arg;
    let ext = if a > 0xFF_FFFF {
        3
    } else if a > 0xFFFF {
        2
    } else if a > 0xFF {
        1
    } else {
        0
    };
    1 + ext + real_opcode(ins).cache_entries() as u32
}

fn is_backward(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::JUMP_BACKWARD
            | Opcode::JUMP_BACKWARD_NO_INTERRUPT
            | Opcode::POP_JUMP_BACKWARD_IF_FALSE
            | Opcode::POP_JUMP_BACKWARD_IF_TRUE
            | Opcode::POP_JUMP_BACKWARD_IF_NONE
            | Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE
    )
}

/// `assemble_jump_offsets`: block offsets and relative jump opargs, repeated
/// until the `EXTENDED_ARG` sizes settle.
fn assemble_jump_offsets(blocks: &mut [BasicBlock], entry: BlockId) {
    loop {
        let mut totsize = 0;
        let mut b = Some(entry);
        while let Some(id) = b {
            blocks[id].offset = totsize;
            totsize += blocks[id].instrs.iter().map(instr_size).sum::<u32>();
            b = blocks[id].next;
        }
        let mut recompile = false;
        let mut b = Some(entry);
        while let Some(id) = b {
            let mut bsize = blocks[id].offset;
            let n = blocks[id].instrs.len();
            for k in 0..n {
                let ins = blocks[id].instrs[k];
                let isize = instr_size(&ins);
                bsize += isize;
                if ins.op.is_jump() {
                    let toff = ins.target.map(|t| blocks[t].offset).unwrap_or(0);
                    let arg = if is_backward(real_opcode(&ins)) {
                        bsize.saturating_sub(toff)
                    } else {
                        toff.saturating_sub(bsize)
                    };
                    let m = &mut blocks[id].instrs[k];
                    m.arg = arg;
                    if instr_size(m) != isize {
                        recompile = true;
                    }
                }
            }
            b = blocks[id].next;
        }
        if !recompile {
            break;
        }
    }
}

/// Writes one instruction: `EXTENDED_ARG`s, the opcode, zeroed caches.
fn emit_instr(code: &mut Vec<u8>, ins: &Instr) {
    let op = real_opcode(ins);
    let a = ins.arg;
    if a > 0xFF_FFFF {
        code.extend_from_slice(&[Opcode::EXTENDED_ARG as u8, ((a >> 24) & 0xFF) as u8]);
    }
    if a > 0xFFFF {
        code.extend_from_slice(&[Opcode::EXTENDED_ARG as u8, ((a >> 16) & 0xFF) as u8]);
    }
    if a > 0xFF {
        code.extend_from_slice(&[Opcode::EXTENDED_ARG as u8, ((a >> 8) & 0xFF) as u8]);
    }
    code.extend_from_slice(&[op as u8, (a & 0xFF) as u8]);
    for _ in 0..op.cache_entries() {
        code.extend_from_slice(&[0, 0]);
    }
}

/// An instruction's location in the line table's terms (`-1`: none).
fn location(loc: SrcLoc) -> linetable::Location {
    let known = |v: i32| u32::try_from(v).ok();
    linetable::Location {
        line: known(loc.line),
        end_line: known(loc.end_line),
        col: known(loc.col),
        end_col: known(loc.end_col),
    }
}

/// The flags a function unit gets from its symbol-table block.
pub(crate) fn function_flags(
    nested: bool,
    varargs: bool,
    varkeywords: bool,
    generator: bool,
) -> u32 {
    let mut f = co_flags::OPTIMIZED | co_flags::NEWLOCALS;
    if nested {
        f |= co_flags::NESTED;
    }
    if generator {
        f |= co_flags::GENERATOR;
    }
    if varargs {
        f |= co_flags::VARARGS;
    }
    if varkeywords {
        f |= co_flags::VARKEYWORDS;
    }
    f
}
