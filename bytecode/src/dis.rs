//! The text `dis.disassemble` and `dis.dis` print on CPython 3.11.7
//! (`Lib/dis.py`): instruction lines with line numbers, jump markers and
//! argument details, and the `ExceptionTable:` block.

use crate::code::{CodeData, Constant};
use crate::linetable::line_starts;
use crate::opcode::Opcode;
use crate::repr::code_repr;
use std::collections::{HashMap, HashSet};

/// `dis._OPNAME_WIDTH`.
const OPNAME_WIDTH: usize = 20;
/// `dis._OPARG_WIDTH`.
const OPARG_WIDTH: usize = 5;
/// `opcode.HAVE_ARGUMENT`.
const HAVE_ARGUMENT: u8 = 90;
/// `dis._INT_OVERFLOW`: opargs are C ints and wrap.
const INT_OVERFLOW: i64 = 1 << 31;

/// `opcode.cmp_op`.
pub const CMP_OP: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];
/// The operator column of `opcode._nb_ops`, indexed by `BINARY_OP`'s oparg.
pub const NB_OPS: [&str; 26] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=",
    "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
];
/// `dis.MAKE_FUNCTION_FLAGS`.
pub const MAKE_FUNCTION_FLAGS: [&str; 4] = ["defaults", "kwdefaults", "annotations", "closure"];
/// The names of `dis.FORMAT_VALUE_CONVERTERS`.
pub const FORMAT_VALUE_CONVERTERS: [&str; 4] = ["", "str", "repr", "ascii"];

/// One entry of `co_exceptiontable` (`dis._ExceptionTableEntry`); offsets
/// in bytes, `end` exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionTableEntry {
    /// First covered byte offset.
    pub start: u64,
    /// One past the last covered byte offset.
    pub end: u64,
    /// Handler byte offset.
    pub target: u64,
    /// Stack depth to unwind to.
    pub depth: u64,
    /// Whether the handler gets the offset of the raising instruction.
    pub lasti: bool,
}

/// An exception-table varint: 6-bit chunks, most significant first, bit 6
/// set on every chunk but the last (`dis._parse_varint`).
fn parse_varint(bytes: &mut impl Iterator<Item = u8>) -> Option<u64> {
    let mut b = bytes.next()?;
    let mut val = u64::from(b & 63);
    while b & 64 != 0 {
        b = bytes.next()?;
        val = val.checked_mul(64)? | u64::from(b & 63);
    }
    Some(val)
}

/// Decode `co_exceptiontable` (`dis._parse_exception_table`); a truncated
/// last entry is dropped.
pub fn parse_exception_table(table: &[u8]) -> Vec<ExceptionTableEntry> {
    let mut it = table.iter().copied();
    let mut out = Vec::new();
    loop {
        let entry = (|| {
            let start = parse_varint(&mut it)?.checked_mul(2)?;
            let length = parse_varint(&mut it)?.checked_mul(2)?;
            let target = parse_varint(&mut it)?.checked_mul(2)?;
            let dl = parse_varint(&mut it)?;
            Some(ExceptionTableEntry {
                start,
                end: start.checked_add(length)?,
                target,
                depth: dl >> 1,
                lasti: dl & 1 != 0,
            })
        })();
        match entry {
            Some(e) => out.push(e),
            None => return out,
        }
    }
}

/// One decoded instruction (`dis.Instruction`, the fields the text needs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Byte offset.
    pub offset: u64,
    /// The opcode number.
    pub op: u8,
    /// The opcode, if 3.11 defines it.
    pub opcode: Option<Opcode>,
    /// The name `dis` prints (`<N>` for an unknown opcode).
    pub opname: String,
    /// The argument with `EXTENDED_ARG` prefixes applied, `None` below
    /// `HAVE_ARGUMENT`.
    pub arg: Option<i64>,
    /// The text `dis` prints in parentheses (may be empty).
    pub argrepr: String,
    /// The source line this instruction starts, if any.
    pub starts_line: Option<u32>,
    /// Whether some jump or exception handler targets this offset.
    pub is_jump_target: bool,
}

/// `dis._unpack_opargs`: `(offset, op, arg)` for each instruction, inline
/// caches skipped.
fn unpack_opargs(code: &[u8]) -> Vec<(u64, u8, Option<i64>)> {
    let mut out = Vec::new();
    let mut extended_arg: i64 = 0;
    let mut caches = 0usize;
    for (i, unit) in code.chunks(2).enumerate() {
        if caches > 0 {
            caches -= 1;
            continue;
        }
        let op = unit.first().copied().unwrap_or(0);
        let opcode = Opcode::from_u8(op);
        caches = opcode.map_or(0, Opcode::cache_entries);
        let arg = if op >= HAVE_ARGUMENT {
            let arg = i64::from(unit.get(1).copied().unwrap_or(0)) | extended_arg;
            extended_arg = if opcode == Some(Opcode::EXTENDED_ARG) {
                arg.wrapping_shl(8)
            } else {
                0
            };
            if extended_arg >= INT_OVERFLOW {
                extended_arg -= 2 * INT_OVERFLOW;
            }
            Some(arg)
        } else {
            extended_arg = 0;
            None
        };
        out.push((2 * i as u64, op, arg));
    }
    out
}

fn is_backward_jump(op: Opcode) -> bool {
    op.name().contains("JUMP_BACKWARD")
}

/// The target byte offset of a relative jump at `offset` with `arg`.
fn jump_target(op: Opcode, offset: u64, arg: i64) -> i64 {
    let signed = if is_backward_jump(op) {
        arg.wrapping_neg()
    } else {
        arg
    };
    (offset as i64)
        .wrapping_add(2)
        .wrapping_add(signed.wrapping_mul(2))
}

/// `dis.findlabels` plus exception handler targets: every offset that
/// gets a `>>` marker.
fn labels(code: &[u8], exceptions: &[ExceptionTableEntry]) -> Vec<i64> {
    let mut out = Vec::new();
    for (offset, op, arg) in unpack_opargs(code) {
        if let (Some(op), Some(arg)) = (Opcode::from_u8(op), arg) {
            if op.has_jrel() {
                out.push(jump_target(op, offset, arg));
            }
        }
    }
    for e in exceptions {
        if e.start < e.end {
            out.push(e.target as i64);
        }
    }
    out
}

fn index<T>(items: &[T], i: i64) -> Option<&T> {
    usize::try_from(i).ok().and_then(|i| items.get(i))
}

/// The `repr` of constant `i`, for `LOAD_CONST`'s detail (`None` when out
/// of range).
pub type ConstRepr<'a> = &'a dyn Fn(usize) -> Option<String>;

/// The `argrepr` of `op` with argument `arg` at `offset` (the branch of
/// `dis._get_instructions_bytes` for the opcode's group).
fn argrepr<C: Clone + 'static>(
    code: &CodeData<C>,
    const_repr: ConstRepr<'_>,
    localsplus: &[&str],
    op: Opcode,
    offset: u64,
    arg: i64,
) -> String {
    use Opcode::*;
    let name = |i: i64| index(&code.names, i).map(|s| s.to_string());
    if op.has_const() {
        // 3.11.7 resolves only LOAD_CONST; KW_NAMES shows no detail.
        if op == LOAD_CONST {
            return usize::try_from(arg)
                .ok()
                .and_then(const_repr)
                .unwrap_or_default();
        }
        return String::new();
    }
    if op.has_name() {
        if op == LOAD_GLOBAL {
            let text = name(arg.div_euclid(2)).unwrap_or_default();
            if arg & 1 != 0 && !text.is_empty() {
                return format!("NULL + {text}");
            }
            return text;
        }
        return name(arg).unwrap_or_default();
    }
    if op.has_jrel() {
        return format!("to {}", jump_target(op, offset, arg));
    }
    if op.has_local() || op.has_free() {
        return index(localsplus, arg)
            .map(|s| s.to_string())
            .unwrap_or_default();
    }
    if op.has_compare() {
        return index(&CMP_OP, arg)
            .map(|s| s.to_string())
            .unwrap_or_default();
    }
    match op {
        FORMAT_VALUE => {
            let mut text = FORMAT_VALUE_CONVERTERS
                .get((arg & 3) as usize)
                .map(|s| s.to_string())
                .unwrap_or_default();
            if arg & 4 != 0 {
                if !text.is_empty() {
                    text.push_str(", ");
                }
                text.push_str("with format");
            }
            text
        }
        MAKE_FUNCTION => MAKE_FUNCTION_FLAGS
            .iter()
            .enumerate()
            .filter(|(i, _)| arg & (1 << i) != 0)
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(", "),
        BINARY_OP => index(&NB_OPS, arg)
            .map(|s| s.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The instructions of `code` as `dis.get_instructions` sees them (caches
/// hidden), with the details `dis` prints.
pub fn get_instructions(code: &CodeData) -> Vec<Instruction> {
    get_instructions_with(code, &|i| code.consts.get(i).map(Constant::repr))
}

/// [`get_instructions`] for a code object whose constants are of another
/// type: `const_repr` gives the repr of constant `i`.
pub fn get_instructions_with<C: Clone + 'static>(
    code: &CodeData<C>,
    const_repr: ConstRepr<'_>,
) -> Vec<Instruction> {
    let exceptions = parse_exception_table(&code.exceptiontable);
    let labels: HashSet<i64> = labels(&code.code, &exceptions).into_iter().collect();
    let units = u32::try_from(code.code.len() / 2).unwrap_or(u32::MAX);
    // `dict(findlinestarts(co))`: a later start at the same offset wins.
    let starts: HashMap<u64, u32> = line_starts(&code.linetable, code.firstlineno, units)
        .into_iter()
        .map(|(start, line)| (u64::from(start), line))
        .collect();
    let localsplus = code.localsplus();
    unpack_opargs(&code.code)
        .into_iter()
        .map(|(offset, op, arg)| {
            let opcode = Opcode::from_u8(op);
            let argrepr = match (opcode, arg) {
                (Some(opcode), Some(arg)) => {
                    argrepr(code, const_repr, &localsplus, opcode, offset, arg)
                }
                _ => String::new(),
            };
            Instruction {
                offset,
                op,
                opcode,
                opname: opcode.map_or_else(|| format!("<{op}>"), |o| o.name().to_string()),
                arg,
                argrepr,
                starts_line: starts.get(&offset).copied(),
                is_jump_target: labels.contains(&(offset as i64)),
            }
        })
        .collect()
}

/// `Instruction._disassemble`: one line of `dis` output, right-stripped.
fn format_instruction(instr: &Instruction, lineno_width: usize, offset_width: usize) -> String {
    let mut fields: Vec<String> = Vec::new();
    if lineno_width > 0 {
        fields.push(match instr.starts_line {
            Some(line) => format!("{line:>lineno_width$}"),
            None => " ".repeat(lineno_width),
        });
    }
    fields.push("   ".to_string());
    fields.push(if instr.is_jump_target { ">>" } else { "  " }.to_string());
    fields.push(format!("{:>offset_width$}", instr.offset));
    fields.push(format!("{:<OPNAME_WIDTH$}", instr.opname));
    if let Some(arg) = instr.arg {
        fields.push(format!("{arg:>OPARG_WIDTH$}"));
        if !instr.argrepr.is_empty() {
            fields.push(format!("({})", instr.argrepr));
        }
    }
    fields.join(" ").trim_end().to_string()
}

/// Exactly what `dis.disassemble(code)` prints on CPython 3.11.7 (no
/// current-instruction marker), code-object addresses written `0x0`.
pub fn disassemble(code: &CodeData) -> String {
    disassemble_with(code, &|i| code.consts.get(i).map(Constant::repr))
}

/// [`disassemble`] for a code object whose constants are of another type
/// (run-time values): `const_repr` gives the repr of constant `i`.
///
/// ```
/// use std::borrow::Cow;
/// use py_fn_bytecode::{dis::disassemble_with, CodeData};
/// let code: CodeData<u8> = CodeData {
///     argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 1, flags: 3,
///     code: Cow::Borrowed(&[100, 0, 83, 0]), consts: Cow::Borrowed(&[7]),
///     names: Cow::Borrowed(&[]), varnames: Cow::Borrowed(&[]), cellvars: Cow::Borrowed(&[]),
///     freevars: Cow::Borrowed(&[]), filename: Cow::Borrowed("f.py"), name: Cow::Borrowed("f"),
///     qualname: Cow::Borrowed("f"), firstlineno: 1, linetable: Cow::Borrowed(&[]),
///     exceptiontable: Cow::Borrowed(&[]),
/// };
/// let text = disassemble_with(&code, &|i| code.consts.get(i).map(|c| format!("<{c}>")));
/// assert_eq!(text, "          0 LOAD_CONST               0 (<7>)\n          2 RETURN_VALUE\n");
/// ```
pub fn disassemble_with<C: Clone + 'static>(
    code: &CodeData<C>,
    const_repr: ConstRepr<'_>,
) -> String {
    let units = u32::try_from(code.code.len() / 2).unwrap_or(u32::MAX);
    let starts = line_starts(&code.linetable, code.firstlineno, units);
    let lineno_width = match starts.iter().map(|&(_, line)| line).max() {
        None => 0,
        Some(max) if max >= 1000 => max.to_string().len(),
        Some(_) => 3,
    };
    let max_offset = code.code.len().saturating_sub(2);
    let offset_width = if max_offset >= 10000 {
        max_offset.to_string().len()
    } else {
        4
    };
    let mut out = String::new();
    for instr in get_instructions_with(code, const_repr) {
        if lineno_width > 0 && instr.starts_line.is_some() && instr.offset > 0 {
            out.push('\n');
        }
        out.push_str(&format_instruction(&instr, lineno_width, offset_width));
        out.push('\n');
    }
    let exceptions = parse_exception_table(&code.exceptiontable);
    if !exceptions.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in exceptions {
            let end = e.end as i128 - 2;
            let lasti = if e.lasti { " lasti" } else { "" };
            out.push_str(&format!(
                "  {} to {} -> {} [{}]{}\n",
                e.start, end, e.target, e.depth, lasti
            ));
        }
    }
    out
}

/// Exactly what `dis.dis(code)` prints on CPython 3.11.7: the code, then for
/// each code-object constant an empty line, `Disassembly of <repr>:` and
/// its own recursive disassembly.
pub fn dis_recursive(code: &CodeData) -> String {
    let mut out = disassemble(code);
    for c in code.consts.iter() {
        if let Constant::Code(inner) = c {
            out.push_str(&format!(
                "\nDisassembly of {}:\n",
                code_repr(inner.as_ref())
            ));
            out.push_str(&dis_recursive(inner));
        }
    }
    out
}
