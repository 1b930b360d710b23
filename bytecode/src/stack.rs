//! Stack effects of 3.11 instructions, as `dis.stack_effect` reports them
//! (`stack_effect` in CPython 3.11's `Python/compile.c`).

use crate::opcode::Opcode;

/// `FORMAT_VALUE`'s "a format spec is on the stack" bit (`FVS_HAVE_SPEC`).
const FVS_HAVE_SPEC: u32 = 0x4;

/// The net stack effect of `op` with argument `arg`, like
/// `dis.stack_effect(op, arg, jump=jump)` on CPython 3.11.
///
/// `jump` is `Some(true)` for the effect when the instruction jumps,
/// `Some(false)` when it falls through, and `None` for the larger of the two.
/// `arg` is ignored for opcodes without an argument. Returns `None` where
/// CPython raises `ValueError` (no stack effect is defined).
pub fn stack_effect(op: Opcode, arg: u32, jump: Option<bool>) -> Option<i32> {
    use Opcode::*;
    let oparg = i64::from(arg);
    // CPython passes jump=None as -1, which the C code reads as "true" in
    // `jump ? a : b` and as "not taken" in `jump > 0 ? a : b`.
    let jump_truthy = jump != Some(false);
    let jump_positive = jump == Some(true);
    let flag = |bit: u32| i64::from(arg & bit != 0);
    let effect: i64 = match op {
        NOP | EXTENDED_ARG | RESUME | CACHE => 0,
        POP_TOP => -1,
        SWAP => 0,
        UNARY_POSITIVE | UNARY_NEGATIVE | UNARY_NOT | UNARY_INVERT => 0,
        SET_ADD | LIST_APPEND => -1,
        MAP_ADD => -2,
        BINARY_SUBSCR => -1,
        STORE_SUBSCR => -3,
        DELETE_SUBSCR => -2,
        GET_ITER => 0,
        PRINT_EXPR => -1,
        LOAD_BUILD_CLASS => 1,
        RETURN_VALUE | IMPORT_STAR => -1,
        SETUP_ANNOTATIONS => 0,
        ASYNC_GEN_WRAP | YIELD_VALUE => 0,
        POP_EXCEPT => -1,
        STORE_NAME => -1,
        DELETE_NAME => 0,
        UNPACK_SEQUENCE => oparg - 1,
        UNPACK_EX => (oparg & 0xFF) + (oparg >> 8),
        FOR_ITER => {
            if jump_positive {
                -1
            } else {
                1
            }
        }
        SEND => {
            if jump_positive {
                -1
            } else {
                0
            }
        }
        STORE_ATTR => -2,
        DELETE_ATTR | STORE_GLOBAL => -1,
        DELETE_GLOBAL => 0,
        LOAD_CONST | LOAD_NAME => 1,
        BUILD_TUPLE | BUILD_LIST | BUILD_SET | BUILD_STRING => 1 - oparg,
        BUILD_MAP => 1 - 2 * oparg,
        BUILD_CONST_KEY_MAP => -oparg,
        LOAD_ATTR => 0,
        COMPARE_OP | IS_OP | CONTAINS_OP => -1,
        CHECK_EXC_MATCH | CHECK_EG_MATCH => 0,
        IMPORT_NAME => -1,
        IMPORT_FROM => 1,
        JUMP_FORWARD | JUMP_BACKWARD | JUMP_BACKWARD_NO_INTERRUPT => 0,
        JUMP_IF_TRUE_OR_POP | JUMP_IF_FALSE_OR_POP => {
            if jump_truthy {
                0
            } else {
                -1
            }
        }
        POP_JUMP_FORWARD_IF_FALSE
        | POP_JUMP_FORWARD_IF_TRUE
        | POP_JUMP_FORWARD_IF_NONE
        | POP_JUMP_FORWARD_IF_NOT_NONE
        | POP_JUMP_BACKWARD_IF_FALSE
        | POP_JUMP_BACKWARD_IF_TRUE
        | POP_JUMP_BACKWARD_IF_NONE
        | POP_JUMP_BACKWARD_IF_NOT_NONE => -1,
        LOAD_GLOBAL => (oparg & 1) + 1,
        PREP_RERAISE_STAR | RERAISE => -1,
        PUSH_EXC_INFO | WITH_EXCEPT_START => 1,
        LOAD_FAST => 1,
        STORE_FAST => -1,
        DELETE_FAST => 0,
        RETURN_GENERATOR => 0,
        RAISE_VARARGS => -oparg,
        PRECALL => -oparg,
        KW_NAMES => 0,
        CALL => -1,
        CALL_FUNCTION_EX => -2 - flag(0x01),
        MAKE_FUNCTION => -(flag(0x01) + flag(0x02) + flag(0x04) + flag(0x08)),
        BUILD_SLICE => {
            if arg == 3 {
                -2
            } else {
                -1
            }
        }
        MAKE_CELL | COPY_FREE_VARS => 0,
        LOAD_CLOSURE | LOAD_DEREF | LOAD_CLASSDEREF => 1,
        STORE_DEREF => -1,
        DELETE_DEREF => 0,
        GET_AWAITABLE => 0,
        BEFORE_ASYNC_WITH | BEFORE_WITH => 1,
        GET_AITER => 0,
        GET_ANEXT => 1,
        GET_YIELD_FROM_ITER => 0,
        END_ASYNC_FOR => -2,
        FORMAT_VALUE => {
            if arg & FVS_HAVE_SPEC != 0 {
                -1
            } else {
                0
            }
        }
        LOAD_METHOD | LOAD_ASSERTION_ERROR => 1,
        LIST_TO_TUPLE => 0,
        LIST_EXTEND | SET_UPDATE | DICT_MERGE | DICT_UPDATE => -1,
        MATCH_CLASS => -2,
        GET_LEN | MATCH_MAPPING | MATCH_SEQUENCE | MATCH_KEYS => 1,
        COPY | PUSH_NULL => 1,
        BINARY_OP => -1,
    };
    i32::try_from(effect).ok()
}

/// `stack_effect` as a method.
impl Opcode {
    /// The net stack effect of this instruction (see [`stack_effect`]).
    pub fn stack_effect(self, arg: u32, jump: Option<bool>) -> Option<i32> {
        stack_effect(self, arg, jump)
    }
}
