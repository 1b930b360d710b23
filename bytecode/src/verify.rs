//! The verifier: checks CPython 3.11 bytecode before it runs and decodes it
//! into a [`Program`] the interpreter executes without further decoding.
//!
//! CPython 3.11 checks little more than the length of `co_code` when a code
//! object is made, and crashes on an out-of-range `LOAD_CONST`, a `POP_TOP`
//! on an empty stack, a jump past the end or a missing `RETURN_VALUE`. This
//! module rejects all of those, with a message that names the instruction:
//!
//! * decoding: even length, known opcodes, `EXTENDED_ARG` prefixes (at most
//!   three, never at the end), inline `CACHE` entries inside the code and
//!   never executed;
//! * every argument in range of what it indexes: `co_consts`, `co_names`,
//!   the fast locals ("localsplus", with cell and free variables where an
//!   instruction needs one), the comparison, binary-operator and
//!   `FORMAT_VALUE` tables, the flags of `MAKE_FUNCTION`;
//! * every jump target and exception-handler target on an instruction;
//! * the exception table (CPython's varint entries: start, length, target,
//!   depth and `lasti`) and the location table parse;
//! * the stack depth, by abstract interpretation over every path, handler
//!   edges included: the same at every merge, never negative, never above
//!   `co_stacksize`, and no path runs past the last instruction.
//!
//! The checks are pure: constants are only counted, so the runtime can
//! verify code objects whose constants are run-time values.
//!
//! ```
//! use std::borrow::Cow;
//! use py_fn_bytecode::verify::verify;
//! use py_fn_bytecode::{CodeData, Constant};
//!
//! let mut code = CodeData {
//!     argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 1, flags: 3,
//!     // RESUME 0; LOAD_CONST 0; RETURN_VALUE
//!     code: Cow::Owned(vec![151, 0, 100, 0, 83, 0]),
//!     consts: Cow::Owned(vec![Constant::None]),
//!     names: Cow::Borrowed(&[]), varnames: Cow::Borrowed(&[]),
//!     cellvars: Cow::Borrowed(&[]), freevars: Cow::Borrowed(&[]),
//!     filename: Cow::Borrowed("f.py"), name: Cow::Borrowed("f"),
//!     qualname: Cow::Borrowed("f"), firstlineno: 1,
//!     linetable: Cow::Borrowed(&[]), exceptiontable: Cow::Borrowed(&[]),
//! };
//! let program = verify(&code, code.consts.len()).unwrap();
//! assert_eq!(program.instrs.len(), 3);
//!
//! code.code = Cow::Owned(vec![151, 0, 100, 7, 83, 0]); // LOAD_CONST 7
//! let err = verify(&code, 1).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "offset 2: LOAD_CONST 7: index out of range of co_consts (1 item)"
//! );
//! ```

use crate::code::{flags, CodeData, Str};
use crate::opcode::Opcode;

/// A decoded instruction: its opcode and its full argument (`EXTENDED_ARG`
/// prefixes applied). For a jump, `arg` is the target's index in
/// [`Program::instrs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instr {
    /// The opcode.
    pub op: Opcode,
    /// The argument; a jump's target instruction index.
    pub arg: u32,
}

/// An exception handler of the exception table, in instruction indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    /// The handler's first instruction.
    pub target: u32,
    /// The stack depth to unwind to before pushing the exception.
    pub depth: u32,
    /// Whether the offset of the raising instruction is pushed too.
    pub lasti: bool,
}

/// What a fast-locals slot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotKind {
    /// A plain local variable (or parameter).
    Local,
    /// A cell variable of this code object (a parameter may be one).
    Cell,
    /// A free variable (a cell from the closure).
    Free,
}

/// Verified, decoded bytecode, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    /// The instructions, `EXTENDED_ARG` folded in and caches skipped.
    pub instrs: Vec<Instr>,
    /// The code-unit offset of each instruction's opcode (CPython's
    /// `lasti` for it).
    pub offsets: Vec<u32>,
    /// The distinct handlers of the exception table.
    pub handlers: Vec<Handler>,
    /// For each instruction, the index in `handlers` of the handler that
    /// catches what it raises, or [`Program::NO_HANDLER`].
    pub handler_of: Vec<u32>,
    /// The names of the fast locals (`co_varnames`, the cell variables that
    /// are not parameters, `co_freevars`).
    pub localsplus: Vec<Str>,
    /// What each fast local holds.
    pub kinds: Vec<SlotKind>,
    /// `co_nlocals` plus the plain cell variables: a slot below this that
    /// is unbound is an `UnboundLocalError`, above it a `NameError`.
    pub nlocals_and_cells: usize,
    /// The slot of the free variable `__class__` (zero-argument `super()`).
    pub class_cell: Option<usize>,
    /// `co_stacksize`.
    pub stacksize: usize,
    /// `co_argcount` when every parameter is positional (no keyword-only
    /// parameters, no `*args` or `**kwargs`): calls with positional
    /// arguments only can fill the slots directly.
    pub positional_only_params: Option<usize>,
    /// Whether the code enters `except` blocks (`PUSH_EXC_INFO`): only then
    /// does running it change the exceptions being handled.
    pub handles_exceptions: bool,
}

impl Program {
    /// [`Program::handler_of`] for an instruction outside every handler's
    /// range.
    pub const NO_HANDLER: u32 = u32::MAX;

    /// The handler for an exception raised by instruction `index`.
    pub fn handler(&self, index: usize) -> Option<&Handler> {
        let h = *self.handler_of.get(index)?;
        self.handlers.get(h as usize)
    }

    /// The number of fast-locals slots.
    pub fn nlocalsplus(&self) -> usize {
        self.localsplus.len()
    }
}

/// Why a code object was rejected, at which byte offset of `co_code`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// The byte offset of the offending instruction, if one is to blame.
    pub offset: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "offset {offset}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for VerifyError {}

fn fail<T>(offset: Option<usize>, message: impl Into<String>) -> Result<T, VerifyError> {
    Err(VerifyError {
        offset,
        message: message.into(),
    })
}

/// Marks a code unit that starts no instruction.
const NOT_START: u32 = u32::MAX;

/// Verifies `code`, whose `co_consts` has `nconsts` items, and decodes it.
pub fn verify<C: Clone + 'static>(
    code: &CodeData<C>,
    nconsts: usize,
) -> Result<Program, VerifyError> {
    check_counts(code)?;
    let (localsplus, kinds) = locals_layout(code);
    let mut decoded = decode(&code.code)?;
    resolve_jumps(&mut decoded)?;
    let (handlers, handler_of) = exception_table(code, &decoded)?;
    if let Err(at) = crate::linetable::check(&code.linetable) {
        return fail(None, format!("co_linetable: malformed entry at byte {at}"));
    }
    let names = code.names.len();
    for (i, ins) in decoded.instrs.iter().enumerate() {
        let offset = decoded.offsets.get(i).map(|&u| u as usize * 2);
        check_arg(*ins, offset, nconsts, names, &localsplus, &kinds)?;
    }
    check_kw_names(&decoded)?;
    let stacksize = code.stacksize as usize;
    check_stack(&decoded, &handlers, &handler_of, stacksize)?;
    let nlocals_and_cells = kinds
        .iter()
        .position(|k| *k == SlotKind::Free)
        .unwrap_or(kinds.len());
    let class_cell = localsplus
        .iter()
        .zip(&kinds)
        .position(|(name, kind)| *kind == SlotKind::Free && name == "__class__");
    let positional_only_params = (code.kwonlyargcount == 0
        && code.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0)
        .then_some(code.argcount as usize);
    let handles_exceptions = decoded
        .instrs
        .iter()
        .any(|i| matches!(i.op, Opcode::PUSH_EXC_INFO | Opcode::POP_EXCEPT));
    Ok(Program {
        instrs: decoded.instrs,
        offsets: decoded.offsets,
        handlers,
        handler_of,
        localsplus,
        kinds,
        nlocals_and_cells,
        class_cell,
        stacksize,
        positional_only_params,
        handles_exceptions,
    })
}

/// The argument counts fit `co_varnames`.
fn check_counts<C: Clone + 'static>(code: &CodeData<C>) -> Result<(), VerifyError> {
    let nlocals = code.varnames.len() as u64;
    let params = u64::from(code.argcount)
        + u64::from(code.kwonlyargcount)
        + u64::from(code.flags & flags::VARARGS != 0)
        + u64::from(code.flags & flags::VARKEYWORDS != 0);
    if params > nlocals {
        return fail(
            None,
            format!("the code object has {params} parameters but co_nlocals is {nlocals}"),
        );
    }
    if code.posonlyargcount > code.argcount {
        return fail(
            None,
            format!(
                "co_posonlyargcount ({}) exceeds co_argcount ({})",
                code.posonlyargcount, code.argcount
            ),
        );
    }
    Ok(())
}

/// The fast-locals names and kinds (`localsplusnames` / `localspluskinds`).
fn locals_layout<C: Clone + 'static>(code: &CodeData<C>) -> (Vec<Str>, Vec<SlotKind>) {
    let mut names: Vec<Str> = Vec::new();
    let mut kinds = Vec::new();
    for v in code.varnames.iter() {
        names.push(v.clone());
        let is_cell = code.cellvars.iter().any(|c| c == v);
        kinds.push(if is_cell {
            SlotKind::Cell
        } else {
            SlotKind::Local
        });
    }
    for c in code.cellvars.iter() {
        if !code.varnames.iter().any(|v| v == c) {
            names.push(c.clone());
            kinds.push(SlotKind::Cell);
        }
    }
    for f in code.freevars.iter() {
        names.push(f.clone());
        kinds.push(SlotKind::Free);
    }
    (names, kinds)
}

/// Instructions as decoded, before jump targets are resolved.
struct Decoded {
    instrs: Vec<Instr>,
    /// The code unit of each instruction's opcode.
    offsets: Vec<u32>,
    /// For each code unit (and one past the end), the index of the
    /// instruction that starts there (its first `EXTENDED_ARG` included),
    /// or [`NOT_START`].
    unit_to_instr: Vec<u32>,
}

fn decode(code: &[u8]) -> Result<Decoded, VerifyError> {
    if !code.len().is_multiple_of(2) {
        return fail(
            None,
            format!("co_code has an odd length ({} bytes)", code.len()),
        );
    }
    if code.is_empty() {
        return fail(None, "co_code is empty");
    }
    let units = code.len() / 2;
    if units >= NOT_START as usize {
        return fail(None, "co_code is too long");
    }
    let unit = |i: usize| -> (u8, u8) {
        (
            code.get(2 * i).copied().unwrap_or(0),
            code.get(2 * i + 1).copied().unwrap_or(0),
        )
    };
    let mut instrs = Vec::new();
    let mut offsets = Vec::new();
    let mut unit_to_instr = vec![NOT_START; units + 1];
    let mut i = 0usize;
    while i < units {
        let start = i;
        let mut arg: u32 = 0;
        let mut prefixes = 0;
        let (mut op, mut byte) = unit(i);
        while op == Opcode::EXTENDED_ARG as u8 {
            prefixes += 1;
            if prefixes > 3 {
                return fail(
                    Some(2 * i),
                    "more than three EXTENDED_ARG prefixes (the argument exceeds 32 bits)",
                );
            }
            arg = (arg << 8) | u32::from(byte);
            i += 1;
            if i >= units {
                return fail(Some(2 * start), "EXTENDED_ARG at the end of the code");
            }
            (op, byte) = unit(i);
        }
        let Some(opcode) = Opcode::from_u8(op) else {
            return fail(Some(2 * i), format!("unknown opcode {op}"));
        };
        if opcode == Opcode::CACHE {
            return fail(Some(2 * i), "a CACHE entry is not an instruction");
        }
        arg = if opcode.has_arg() {
            (arg << 8) | u32::from(byte)
        } else {
            0
        };
        let caches = opcode.cache_entries();
        if i + 1 + caches > units {
            return fail(
                Some(2 * i),
                format!(
                    "{} needs {caches} inline cache entries after it, past the end of the code",
                    opcode.name()
                ),
            );
        }
        if let Some(slot) = unit_to_instr.get_mut(start) {
            *slot = instrs.len() as u32;
        }
        instrs.push(Instr { op: opcode, arg });
        offsets.push(i as u32);
        i += 1 + caches;
    }
    if let Some(slot) = unit_to_instr.get_mut(units) {
        *slot = instrs.len() as u32;
    }
    Ok(Decoded {
        instrs,
        offsets,
        unit_to_instr,
    })
}

/// Whether `op` jumps backwards (its argument counts back).
fn is_backward(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::JUMP_BACKWARD
            | Opcode::JUMP_BACKWARD_NO_INTERRUPT
            | Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE
            | Opcode::POP_JUMP_BACKWARD_IF_NONE
            | Opcode::POP_JUMP_BACKWARD_IF_FALSE
            | Opcode::POP_JUMP_BACKWARD_IF_TRUE
    )
}

/// Replaces every relative jump's argument by its target's instruction
/// index.
fn resolve_jumps(d: &mut Decoded) -> Result<(), VerifyError> {
    let units = d.unit_to_instr.len() - 1;
    for (ins, &at) in d.instrs.iter_mut().zip(&d.offsets) {
        if !ins.op.has_jrel() {
            continue;
        }
        let next = i64::from(at) + 1;
        let delta = i64::from(ins.arg);
        let target = if is_backward(ins.op) {
            next - delta
        } else {
            next + delta
        };
        let offset = Some(at as usize * 2);
        let name = ins.op.name();
        if target < 0 || target as usize >= units {
            return fail(
                offset,
                format!(
                    "{name} {}: the target (offset {}) is outside the code",
                    ins.arg,
                    target * 2
                ),
            );
        }
        let index = d
            .unit_to_instr
            .get(target as usize)
            .copied()
            .unwrap_or(NOT_START);
        if index == NOT_START {
            return fail(
                offset,
                format!(
                    "{name} {}: the target (offset {}) is not the start of an instruction",
                    ins.arg,
                    target * 2
                ),
            );
        }
        ins.arg = index;
    }
    Ok(())
}

/// One entry of the exception table, in code units.
struct RawEntry {
    start: u64,
    end: u64,
    target: u64,
    depth: u64,
    lasti: bool,
    /// Byte offset of the entry in `co_exceptiontable`.
    at: usize,
}

/// Reads one exception-table varint (6-bit chunks, most significant first,
/// bit 6 set on all but the last); `first` says whether it starts an entry
/// (bit 7 set) or must not (bit 7 clear).
fn read_varint(table: &[u8], pos: &mut usize, first: bool) -> Result<u64, VerifyError> {
    let at = *pos;
    let mut val: u64 = 0;
    let mut first_byte = true;
    loop {
        let Some(&b) = table.get(*pos) else {
            return fail(
                None,
                format!("co_exceptiontable: truncated entry at byte {at}"),
            );
        };
        let marked = b & 0x80 != 0;
        if marked != (first && first_byte) {
            let what = if marked {
                "an entry-start marker inside an entry"
            } else {
                "an entry without its start marker"
            };
            return fail(None, format!("co_exceptiontable: {what} at byte {}", *pos));
        }
        first_byte = false;
        *pos += 1;
        val = (val << 6) | u64::from(b & 63);
        if val > u64::from(u32::MAX) {
            return fail(
                None,
                format!("co_exceptiontable: value too large at byte {at}"),
            );
        }
        if b & 64 == 0 {
            return Ok(val);
        }
    }
}

/// Parses the exception table and gives each instruction its handler,
/// as CPython 3.11's `get_exception_handler` finds it (the first entry
/// covering the instruction, scanning in table order and stopping at an
/// entry that starts after it).
fn exception_table<C: Clone + 'static>(
    code: &CodeData<C>,
    d: &Decoded,
) -> Result<(Vec<Handler>, Vec<u32>), VerifyError> {
    let table: &[u8] = &code.exceptiontable;
    let mut entries = Vec::new();
    let mut pos = 0;
    while pos < table.len() {
        let at = pos;
        let start = read_varint(table, &mut pos, true)?;
        let size = read_varint(table, &mut pos, false)?;
        let target = read_varint(table, &mut pos, false)?;
        let dl = read_varint(table, &mut pos, false)?;
        entries.push(RawEntry {
            start,
            end: start + size,
            target,
            depth: dl >> 1,
            lasti: dl & 1 != 0,
            at,
        });
    }
    let units = (d.unit_to_instr.len() - 1) as u64;
    let index_of = |unit: u64| -> u32 {
        usize::try_from(unit)
            .ok()
            .and_then(|u| d.unit_to_instr.get(u).copied())
            .unwrap_or(NOT_START)
    };
    let mut handlers: Vec<Handler> = Vec::new();
    let mut entry_handler = Vec::new();
    for e in &entries {
        for (what, unit) in [("start", e.start), ("end", e.end), ("target", e.target)] {
            let outside = unit > units || (what == "target" && unit == units);
            if outside || index_of(unit) == NOT_START {
                let why = if outside {
                    "outside the code"
                } else {
                    "not at the start of an instruction"
                };
                return fail(
                    None,
                    format!(
                        "co_exceptiontable: the entry at byte {} has its {what} (offset {}) {why}",
                        e.at,
                        unit * 2
                    ),
                );
            }
        }
        let handler = Handler {
            target: index_of(e.target),
            depth: e.depth as u32,
            lasti: e.lasti,
        };
        let index = match handlers.iter().position(|h| *h == handler) {
            Some(i) => i,
            None => {
                handlers.push(handler);
                handlers.len() - 1
            }
        };
        entry_handler.push(index as u32);
    }
    let mut handler_of = vec![Program::NO_HANDLER; d.instrs.len()];
    for (slot, &unit) in handler_of.iter_mut().zip(&d.offsets) {
        let unit = u64::from(unit);
        for (e, &h) in entries.iter().zip(&entry_handler) {
            if e.start > unit {
                break;
            }
            if unit < e.end {
                *slot = h;
                break;
            }
        }
    }
    Ok((handlers, handler_of))
}

/// `1 item` / `3 items`.
fn items(n: usize) -> String {
    format!("{n} item{}", if n == 1 { "" } else { "s" })
}

/// The argument of `ins` is in range of what it indexes.
fn check_arg(
    ins: Instr,
    offset: Option<usize>,
    nconsts: usize,
    nnames: usize,
    localsplus: &[Str],
    kinds: &[SlotKind],
) -> Result<(), VerifyError> {
    use Opcode::*;
    let arg = ins.arg as usize;
    let name = ins.op.name();
    let out_of = |what: &str, len: usize| {
        fail::<()>(
            offset,
            format!(
                "{name} {arg}: index out of range of {what} ({})",
                items(len)
            ),
        )
    };
    let bad = |why: &str| fail::<()>(offset, format!("{name} {arg}: {why}"));
    match ins.op {
        LOAD_CONST | KW_NAMES if arg >= nconsts => out_of("co_consts", nconsts),
        LOAD_GLOBAL if arg >> 1 >= nnames => out_of("co_names", nnames),
        op if op.has_name() && op != LOAD_GLOBAL && arg >= nnames => out_of("co_names", nnames),
        op if (op.has_local() || op.has_free()) && arg >= localsplus.len() => {
            out_of("the fast locals", localsplus.len())
        }
        LOAD_CLOSURE | LOAD_DEREF | STORE_DEREF | DELETE_DEREF | LOAD_CLASSDEREF
            if kinds.get(arg) == Some(&SlotKind::Local) =>
        {
            let var = localsplus.get(arg).map(|s| s.as_ref()).unwrap_or("?");
            bad(&format!("'{var}' is not a cell or free variable"))
        }
        MAKE_CELL if kinds.get(arg) != Some(&SlotKind::Cell) => {
            let var = localsplus.get(arg).map(|s| s.as_ref()).unwrap_or("?");
            bad(&format!("'{var}' is not a cell variable"))
        }
        COPY_FREE_VARS if arg > kinds.iter().filter(|k| **k == SlotKind::Free).count() => {
            bad("more free variables than co_freevars has")
        }
        COMPARE_OP if arg >= crate::dis::CMP_OP.len() => bad("no such comparison"),
        BINARY_OP if arg >= crate::dis::NB_OPS.len() => bad("no such binary operator"),
        IS_OP | CONTAINS_OP | CALL_FUNCTION_EX if arg > 1 => bad("the argument must be 0 or 1"),
        MAKE_FUNCTION if arg > 15 => bad("unknown MAKE_FUNCTION flags"),
        FORMAT_VALUE if arg > 7 => bad("unknown FORMAT_VALUE flags"),
        RAISE_VARARGS if arg > 2 => bad("the argument must be 0, 1 or 2"),
        BUILD_SLICE if arg != 2 && arg != 3 => bad("the argument must be 2 or 3"),
        RESUME if arg > 3 => bad("the argument must be 0 to 3"),
        COPY if arg == 0 => bad("the argument must be at least 1"),
        SWAP if arg < 2 => bad("the argument must be at least 2"),
        LIST_APPEND | SET_ADD | MAP_ADD | LIST_EXTEND | SET_UPDATE | DICT_MERGE | DICT_UPDATE
            if arg == 0 =>
        {
            bad("the argument must be at least 1")
        }
        _ => Ok(()),
    }
}

/// `KW_NAMES` is followed by the `PRECALL`/`CALL` that uses its names.
fn check_kw_names(d: &Decoded) -> Result<(), VerifyError> {
    for (i, ins) in d.instrs.iter().enumerate() {
        if ins.op != Opcode::KW_NAMES {
            continue;
        }
        let next = d.instrs.get(i + 1).map(|n| n.op);
        if !matches!(next, Some(Opcode::PRECALL | Opcode::CALL)) {
            let offset = d.offsets.get(i).map(|&u| u as usize * 2);
            return fail(offset, "KW_NAMES must be followed by PRECALL or CALL");
        }
    }
    Ok(())
}

/// How an instruction uses the stack: it needs `inputs` items, leaves
/// `next` items in their place when it falls through and `jump` items
/// when it jumps (`None`: it does not go there).
struct StackUse {
    inputs: u64,
    next: Option<u64>,
    jump: Option<u64>,
}

fn stack_use(ins: Instr) -> StackUse {
    use Opcode::*;
    let n = u64::from(ins.arg);
    let seq = |inputs: u64, outputs: u64| StackUse {
        inputs,
        next: Some(outputs),
        jump: None,
    };
    let stop = |inputs: u64| StackUse {
        inputs,
        next: None,
        jump: None,
    };
    let branch = |inputs: u64, next: u64, jump: u64| StackUse {
        inputs,
        next: Some(next),
        jump: Some(jump),
    };
    match ins.op {
        CACHE | EXTENDED_ARG | NOP | RESUME | KW_NAMES | MAKE_CELL | COPY_FREE_VARS
        | SETUP_ANNOTATIONS | DELETE_NAME | DELETE_GLOBAL | DELETE_FAST | DELETE_DEREF => seq(0, 0),
        POP_TOP | PRINT_EXPR | IMPORT_STAR | POP_EXCEPT | STORE_NAME | DELETE_ATTR
        | STORE_GLOBAL | STORE_FAST | STORE_DEREF => seq(1, 0),
        PUSH_NULL | LOAD_BUILD_CLASS | LOAD_ASSERTION_ERROR | LOAD_CONST | LOAD_NAME
        | LOAD_FAST | LOAD_CLOSURE | LOAD_DEREF | LOAD_CLASSDEREF => seq(0, 1),
        // The generator's frame receives the value its first `send` gives.
        RETURN_GENERATOR => seq(0, 1),
        UNARY_POSITIVE | UNARY_NEGATIVE | UNARY_NOT | UNARY_INVERT | GET_ITER
        | GET_YIELD_FROM_ITER | GET_AWAITABLE | GET_AITER | LIST_TO_TUPLE | YIELD_VALUE
        | ASYNC_GEN_WRAP | LOAD_ATTR => seq(1, 1),
        GET_ANEXT | GET_LEN | MATCH_MAPPING | MATCH_SEQUENCE | PUSH_EXC_INFO | BEFORE_WITH
        | BEFORE_ASYNC_WITH | IMPORT_FROM | LOAD_METHOD => seq(1, 2),
        MATCH_KEYS => seq(2, 3),
        MATCH_CLASS => seq(3, 1),
        BINARY_SUBSCR | PREP_RERAISE_STAR | COMPARE_OP | IMPORT_NAME | IS_OP | CONTAINS_OP
        | BINARY_OP => seq(2, 1),
        CHECK_EXC_MATCH | CHECK_EG_MATCH => seq(2, 2),
        STORE_SUBSCR => seq(3, 0),
        DELETE_SUBSCR | END_ASYNC_FOR | STORE_ATTR => seq(2, 0),
        WITH_EXCEPT_START => seq(4, 5),
        RETURN_VALUE => stop(1),
        UNPACK_SEQUENCE => seq(1, n),
        UNPACK_EX => seq(1, (n & 0xFF) + (n >> 8) + 1),
        FOR_ITER => branch(1, 2, 0),
        SWAP => seq(n, n),
        COPY => seq(n, n + 1),
        BUILD_TUPLE | BUILD_LIST | BUILD_SET | BUILD_STRING | BUILD_SLICE => seq(n, 1),
        BUILD_MAP => seq(2 * n, 1),
        BUILD_CONST_KEY_MAP => seq(n + 1, 1),
        JUMP_FORWARD | JUMP_BACKWARD | JUMP_BACKWARD_NO_INTERRUPT => StackUse {
            inputs: 0,
            next: None,
            jump: Some(0),
        },
        JUMP_IF_FALSE_OR_POP | JUMP_IF_TRUE_OR_POP => branch(1, 0, 1),
        POP_JUMP_FORWARD_IF_FALSE
        | POP_JUMP_FORWARD_IF_TRUE
        | POP_JUMP_FORWARD_IF_NOT_NONE
        | POP_JUMP_FORWARD_IF_NONE
        | POP_JUMP_BACKWARD_IF_NOT_NONE
        | POP_JUMP_BACKWARD_IF_NONE
        | POP_JUMP_BACKWARD_IF_FALSE
        | POP_JUMP_BACKWARD_IF_TRUE => branch(1, 0, 0),
        LOAD_GLOBAL => seq(0, 1 + (n & 1)),
        RERAISE => stop(1 + n),
        RAISE_VARARGS => stop(n),
        SEND => branch(2, 2, 1),
        MAKE_FUNCTION => seq(1 + u64::from((n & 15).count_ones()), 1),
        CALL_FUNCTION_EX => seq(3 + (n & 1), 1),
        LIST_APPEND | SET_ADD | LIST_EXTEND | SET_UPDATE | DICT_MERGE | DICT_UPDATE => {
            seq(n + 1, n)
        }
        MAP_ADD => seq(n + 2, n),
        FORMAT_VALUE => seq(1 + u64::from(n & 4 != 0), 1),
        // `PRECALL` only looks at the callable and arguments `CALL` takes.
        PRECALL => seq(n + 2, n + 2),
        CALL => seq(n + 2, 1),
    }
}

/// Whether the instruction can raise an exception in CPython 3.11 (those
/// that cannot may sit at a stack depth below their handler's).
fn may_raise(op: Opcode) -> bool {
    use Opcode::*;
    !matches!(
        op,
        NOP | RESUME
            | PUSH_NULL
            | POP_TOP
            | PUSH_EXC_INFO
            | POP_EXCEPT
            | LOAD_CONST
            | STORE_FAST
            | COPY
            | SWAP
            | JUMP_FORWARD
            | JUMP_BACKWARD
            | JUMP_BACKWARD_NO_INTERRUPT
            | KW_NAMES
            | PRECALL
            | MAKE_CELL
            | COPY_FREE_VARS
            | LOAD_CLOSURE
            | LOAD_ASSERTION_ERROR
            | POP_JUMP_FORWARD_IF_NONE
            | POP_JUMP_FORWARD_IF_NOT_NONE
            | POP_JUMP_BACKWARD_IF_NONE
            | POP_JUMP_BACKWARD_IF_NOT_NONE
    )
}

/// Abstract interpretation of the stack depth over every reachable path,
/// exception handlers included.
fn check_stack(
    d: &Decoded,
    handlers: &[Handler],
    handler_of: &[u32],
    stacksize: usize,
) -> Result<(), VerifyError> {
    let count = d.instrs.len();
    let mut depth: Vec<Option<u64>> = vec![None; count];
    let mut work: Vec<usize> = Vec::new();
    let offset_of = |i: usize| d.offsets.get(i).map(|&u| u as usize * 2);
    let max = stacksize as u64;

    // Records `depth` at instruction `to`, reached from instruction `from`.
    let reach = |depth_at: &mut Vec<Option<u64>>,
                 work: &mut Vec<usize>,
                 from: usize,
                 to: usize,
                 depth: u64,
                 how: &str|
     -> Result<(), VerifyError> {
        if depth > max {
            return fail(
                offset_of(from),
                format!("the stack depth {depth} exceeds co_stacksize ({stacksize}) {how}"),
            );
        }
        let Some(slot) = depth_at.get_mut(to) else {
            return fail(
                offset_of(from),
                "the code can run past its last instruction",
            );
        };
        match *slot {
            None => {
                *slot = Some(depth);
                work.push(to);
                Ok(())
            }
            Some(seen) if seen == depth => Ok(()),
            Some(seen) => fail(
                offset_of(to),
                format!("inconsistent stack depth: {seen} on one path, {depth} on another"),
            ),
        }
    };

    reach(&mut depth, &mut work, 0, 0, 0, "at the start")?;
    while let Some(i) = work.pop() {
        let (Some(&ins), Some(Some(d_in))) = (d.instrs.get(i), depth.get(i).copied()) else {
            continue;
        };
        let name = ins.op.name();
        let use_ = stack_use(ins);
        if use_.inputs > d_in {
            return fail(
                offset_of(i),
                format!(
                    "stack underflow: {name} {} needs {} on the stack, which holds {}",
                    ins.arg,
                    items(use_.inputs as usize),
                    d_in
                ),
            );
        }
        let base = d_in - use_.inputs;
        if let Some(h) = handler_of.get(i).and_then(|&h| handlers.get(h as usize)) {
            let floor = if may_raise(ins.op) { base } else { d_in };
            if u64::from(h.depth) > floor {
                return fail(
                    offset_of(i),
                    format!(
                        "the exception handler's depth {} exceeds the stack depth {floor} {name} leaves when it raises",
                        h.depth
                    ),
                );
            }
            let at_handler = u64::from(h.depth) + u64::from(h.lasti) + 1;
            reach(
                &mut depth,
                &mut work,
                i,
                h.target as usize,
                at_handler,
                "at an exception handler",
            )?;
        }
        if let Some(out) = use_.next {
            reach(
                &mut depth,
                &mut work,
                i,
                i + 1,
                base + out,
                &format!("after {name}"),
            )?;
        }
        if let Some(out) = use_.jump {
            reach(
                &mut depth,
                &mut work,
                i,
                ins.arg as usize,
                base + out,
                &format!("when {name} jumps"),
            )?;
        }
    }
    Ok(())
}
