//! The compiler unit (CPython 3.11's `struct compiler_unit`): one code
//! object being built, its basic blocks, constants and name tables.

use std::collections::HashMap;
use std::rc::Rc;

use py_fn_bytecode::{Constant, Opcode};

use crate::ast::{Loc, Stmt};
use crate::symtable::ScopeId;

/// Index of a basic block in [`Unit::blocks`] (allocation order).
pub(crate) type BlockId = usize;

/// A source position as 3.11's `struct instr` keeps it; `line == -1` is
/// "no location" (an artificial instruction).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SrcLoc {
    pub line: i32,
    pub end_line: i32,
    pub col: i32,
    pub end_col: i32,
}

impl SrcLoc {
    /// No location (CPython's `UNSET_LOC`).
    pub const NONE: SrcLoc = SrcLoc {
        line: -1,
        end_line: -1,
        col: -1,
        end_col: -1,
    };

    /// The position of an AST node; line 0 marks a synthetic node without one.
    pub fn from_ast(loc: Loc) -> SrcLoc {
        if loc.line == 0 {
            return SrcLoc::NONE;
        }
        SrcLoc {
            line: loc.line as i32,
            end_line: loc.end_line as i32,
            col: loc.col as i32,
            end_col: loc.end_col as i32,
        }
    }
}

/// An instruction: a real 3.11 opcode or one of 3.11's pseudo-instructions
/// (the virtual jumps that `normalize_jumps` turns into forward/backward
/// opcodes, and the exception-block markers that `label_exception_targets`
/// turns into `co_exceptiontable` entries).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// A real opcode.
    Real(Opcode),
    /// `JUMP` (becomes `JUMP_FORWARD` / `JUMP_BACKWARD`).
    Jump,
    /// `JUMP_NO_INTERRUPT` (becomes `JUMP_FORWARD` /
    /// `JUMP_BACKWARD_NO_INTERRUPT`).
    JumpNoInterrupt,
    /// `POP_JUMP_IF_FALSE`.
    PopJumpIfFalse,
    /// `POP_JUMP_IF_TRUE`.
    PopJumpIfTrue,
    /// `POP_JUMP_IF_NONE`.
    PopJumpIfNone,
    /// `POP_JUMP_IF_NOT_NONE`.
    PopJumpIfNotNone,
    /// `SETUP_FINALLY`: pushes a handler that receives the exception.
    SetupFinally,
    /// `SETUP_CLEANUP`: pushes a handler that also receives `lasti`.
    SetupCleanup,
    /// `POP_BLOCK`: pops the innermost handler.
    PopBlock,
}

impl Op {
    /// CPython's `is_jump`: the instruction has a target block.
    pub fn is_jump(self) -> bool {
        match self {
            Op::Real(op) => matches!(
                op,
                Opcode::JUMP_FORWARD
                    | Opcode::JUMP_BACKWARD
                    | Opcode::JUMP_IF_FALSE_OR_POP
                    | Opcode::JUMP_IF_TRUE_OR_POP
                    | Opcode::FOR_ITER
                    | Opcode::POP_JUMP_FORWARD_IF_FALSE
                    | Opcode::POP_JUMP_FORWARD_IF_TRUE
                    | Opcode::POP_JUMP_BACKWARD_IF_FALSE
                    | Opcode::POP_JUMP_BACKWARD_IF_TRUE
                    | Opcode::POP_JUMP_FORWARD_IF_NONE
                    | Opcode::POP_JUMP_FORWARD_IF_NOT_NONE
                    | Opcode::POP_JUMP_BACKWARD_IF_NONE
                    | Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE
                    | Opcode::JUMP_BACKWARD_NO_INTERRUPT
                    | Opcode::SEND
            ),
            Op::SetupFinally | Op::SetupCleanup | Op::PopBlock => false,
            _ => true,
        }
    }

    /// CPython's `is_block_push`: `SETUP_FINALLY`, `SETUP_CLEANUP` (and
    /// `SETUP_WITH`, which only `with` statements use).
    pub fn is_block_push(self) -> bool {
        matches!(self, Op::SetupFinally | Op::SetupCleanup)
    }

    /// `HAS_TARGET`: a jump or a block push.
    pub fn has_target(self) -> bool {
        self.is_jump() || self.is_block_push()
    }

    /// The instruction leaves the scope (`RETURN_VALUE`, `RAISE_VARARGS`, `RERAISE`).
    pub fn is_scope_exit(self) -> bool {
        matches!(
            self,
            Op::Real(Opcode::RETURN_VALUE | Opcode::RAISE_VARARGS | Opcode::RERAISE)
        )
    }

    /// An unconditional jump (control never falls through).
    pub fn is_unconditional_jump(self) -> bool {
        matches!(
            self,
            Op::Jump
                | Op::JumpNoInterrupt
                | Op::Real(
                    Opcode::JUMP_FORWARD
                        | Opcode::JUMP_BACKWARD
                        | Opcode::JUMP_BACKWARD_NO_INTERRUPT
                )
        )
    }
}

/// One instruction of a basic block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Instr {
    pub op: Op,
    pub arg: u32,
    /// The jump target, for jumps and block pushes.
    pub target: Option<BlockId>,
    pub loc: SrcLoc,
    /// The handler an exception raised here goes to (`i_except`), set by
    /// `label_exception_targets`.
    pub except: Option<BlockId>,
}

impl Instr {
    /// True for the real opcode `op`.
    pub fn is(&self, op: Opcode) -> bool {
        self.op == Op::Real(op)
    }
}

/// A basic block (CPython's `basicblock`).
#[derive(Clone, Debug, Default)]
pub(crate) struct BasicBlock {
    pub instrs: Vec<Instr>,
    /// The block that follows in layout order (`b_next`).
    pub next: Option<BlockId>,
    /// Ends with a scope exit (`b_exit`).
    pub exit: bool,
    /// Control does not fall through to `next` (`b_nofallthrough`).
    pub nofallthrough: bool,
    /// Contains a `RETURN_VALUE` (`b_return`).
    pub ret: bool,
    pub predecessors: u32,
    pub visited: bool,
    pub startdepth: i32,
    /// Offset in code units, set by `assemble_jump_offsets`.
    pub offset: u32,
    /// An exception handler that gets `lasti` pushed (`b_preserve_lasti`).
    pub preserve_lasti: bool,
}

/// What kind of code object a unit builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

/// The kinds of frame block (`enum fblocktype`; `with`, `async` and
/// `except*` ones are not part of the subset).
#[derive(Clone, Debug)]
pub(crate) enum FBlockType {
    WhileLoop,
    ForLoop,
    TryExcept,
    /// The `try` body of a `try ... finally`; the datum is the `finally`
    /// body, which unwinding compiles again (shared: every `return`,
    /// `break` and `continue` inside copies the frame-block stack).
    FinallyTry(Rc<[Stmt]>),
    FinallyEnd,
    /// The body of an `except` clause; the datum is its `as` name.
    HandlerCleanup(Option<String>),
    PopValue,
    ExceptionHandler,
}

/// One entry of the frame-block stack (`struct fblockinfo`).
#[derive(Clone, Debug)]
pub(crate) struct FBlock {
    pub kind: FBlockType,
    /// Where `continue` goes (loops).
    pub block: Option<BlockId>,
    /// Where `break` goes (loops).
    pub exit: Option<BlockId>,
}

/// `CO_MAXBLOCKS`: the frame-block stack limit.
pub(crate) const CO_MAXBLOCKS: usize = 20;

/// One code object under construction.
pub(crate) struct Unit {
    pub kind: UnitKind,
    pub scope: ScopeId,
    pub name: String,
    pub qualname: String,
    pub consts: Vec<Constant>,
    const_index: HashMap<String, u32>,
    pub names: Vec<String>,
    pub varnames: Vec<String>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub firstlineno: u32,
    pub flags: u32,
    pub blocks: Vec<BasicBlock>,
    pub cur: BlockId,
    pub loc: SrcLoc,
    pub fblocks: Vec<FBlock>,
    /// The class name used for name mangling (`u_private`).
    pub private: Option<String>,
}

impl Unit {
    /// A fresh unit with one empty block.
    pub fn new(kind: UnitKind, scope: ScopeId, name: String, firstlineno: u32) -> Unit {
        Unit {
            kind,
            scope,
            name,
            qualname: String::new(),
            consts: Vec::new(),
            const_index: HashMap::new(),
            names: Vec::new(),
            varnames: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            firstlineno,
            flags: 0,
            blocks: vec![BasicBlock::default()],
            cur: 0,
            loc: SrcLoc {
                line: firstlineno as i32,
                end_line: firstlineno as i32,
                col: 0,
                end_col: 0,
            },
            fblocks: Vec::new(),
            private: None,
        }
    }

    /// `compiler_new_block`.
    pub fn new_block(&mut self) -> BlockId {
        self.blocks.push(BasicBlock::default());
        self.blocks.len() - 1
    }

    /// `compiler_use_next_block`: `b` follows the current block.
    pub fn use_next_block(&mut self, b: BlockId) {
        let cur = self.cur;
        if let Some(block) = self.blocks.get_mut(cur) {
            block.next = Some(b);
        }
        self.cur = b;
    }

    /// `NEXT_BLOCK`.
    pub fn next_block(&mut self) {
        let b = self.new_block();
        self.use_next_block(b);
    }

    /// Appends an instruction at the current location.
    pub fn push(&mut self, op: Op, arg: u32, target: Option<BlockId>) {
        let loc = self.loc;
        self.push_at(op, arg, target, loc);
    }

    /// Appends an instruction at `loc`.
    pub fn push_at(&mut self, op: Op, arg: u32, target: Option<BlockId>, loc: SrcLoc) {
        let ends = self
            .blocks
            .get(self.cur)
            .and_then(|b| b.instrs.last())
            .map(|i| i.op.is_jump() || i.op.is_scope_exit())
            .unwrap_or(false);
        if ends {
            self.next_block();
        }
        let cur = self.cur;
        if let Some(block) = self.blocks.get_mut(cur) {
            if op == Op::Real(Opcode::RETURN_VALUE) {
                block.ret = true;
            }
            block.instrs.push(Instr {
                op,
                arg,
                target,
                loc,
                except: None,
            });
        }
    }

    /// `compiler_add_const`: index of `c`, de-duplicated by type and value.
    pub fn add_const(&mut self, c: Constant) -> u32 {
        if matches!(c, Constant::Code(_)) {
            // Equal code objects (the same lambda compiled twice, as a
            // `while` test is) share one constant.
            if let Some(i) = self.consts.iter().position(|x| *x == c) {
                return i as u32;
            }
            self.consts.push(c);
            return (self.consts.len() - 1) as u32;
        }
        let key = const_key(&c);
        if let Some(&i) = self.const_index.get(&key) {
            return i;
        }
        let i = self.consts.len() as u32;
        self.consts.push(c);
        self.const_index.insert(key, i);
        i
    }

    /// Index of `name` in `co_names`.
    pub fn add_name(&mut self, name: &str) -> u32 {
        add_to(&mut self.names, name)
    }

    /// Index of `name` in `co_varnames`.
    pub fn add_varname(&mut self, name: &str) -> u32 {
        add_to(&mut self.varnames, name)
    }
}

fn add_to(list: &mut Vec<String>, name: &str) -> u32 {
    if let Some(i) = list.iter().position(|n| n == name) {
        return i as u32;
    }
    list.push(name.to_string());
    (list.len() - 1) as u32
}

/// `_PyCode_ConstantKey`: equal keys for constants of the same type and value
/// (`1`, `1.0`, `True` differ; `0.0` and `-0.0` differ).
pub(crate) fn const_key(c: &Constant) -> String {
    match c {
        Constant::Float(f) => format!("F{:x}", f.to_bits()),
        Constant::Complex(f) => format!("C{:x}", f.to_bits()),
        Constant::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(const_key).collect();
            format!("T({})", inner.join(","))
        }
        Constant::FrozenSet(items) => {
            // Equal sets are one constant whatever their order.
            let mut inner: Vec<String> = items.iter().map(const_key).collect();
            inner.sort();
            format!("S({})", inner.join(","))
        }
        Constant::Int(i) => format!("I{i}"),
        Constant::BigInt(s) => format!("I{s}"),
        other => format!("{other:?}"),
    }
}
