//! The verifier's rejections, one hand-made malformed code object each
//! (CPython 3.11 crashes or misbehaves on every one of them), and its
//! acceptance of CPython's own shapes: handlers, generators, EXTENDED_ARG.

use std::borrow::Cow;

use py_fn_bytecode::verify::{verify, SlotKind};
use py_fn_bytecode::{CodeData, Constant, Opcode};

/// Code units from `(opcode, arg)` pairs, inline caches added as CPython
/// lays them out.
fn units(instrs: &[(Opcode, u8)]) -> Vec<u8> {
    let mut out = Vec::new();
    for &(op, arg) in instrs {
        out.push(op as u8);
        out.push(arg);
        for _ in 0..op.cache_entries() {
            out.extend([0, 0]);
        }
    }
    out
}

fn code(instrs: &[(Opcode, u8)], stacksize: u32) -> CodeData {
    raw(units(instrs), stacksize)
}

fn raw(bytes: Vec<u8>, stacksize: u32) -> CodeData {
    CodeData {
        argcount: 1,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        stacksize,
        flags: 3,
        code: Cow::Owned(bytes),
        consts: Cow::Owned(vec![Constant::None, Constant::Int(1)]),
        names: Cow::Owned(vec![Cow::Borrowed("g")]),
        varnames: Cow::Owned(vec![Cow::Borrowed("x")]),
        cellvars: Cow::Borrowed(&[]),
        freevars: Cow::Owned(vec![Cow::Borrowed("free")]),
        filename: Cow::Borrowed("t.py"),
        name: Cow::Borrowed("t"),
        qualname: Cow::Borrowed("t"),
        firstlineno: 1,
        linetable: Cow::Borrowed(&[]),
        exceptiontable: Cow::Borrowed(&[]),
    }
}

fn rejects(c: &CodeData) -> String {
    match verify(c, c.consts.len()) {
        Ok(_) => panic!("accepted"),
        Err(e) => e.to_string(),
    }
}

use Opcode::*;

#[test]
fn a_plain_function_is_accepted_and_decoded() {
    let c = code(
        &[
            (RESUME, 0),
            (LOAD_FAST, 0),
            (LOAD_CONST, 1),
            (BINARY_OP, 0),
            (RETURN_VALUE, 0),
        ],
        2,
    );
    let p = verify(&c, 2).expect("valid");
    let ops: Vec<Opcode> = p.instrs.iter().map(|i| i.op).collect();
    assert_eq!(
        ops,
        [RESUME, LOAD_FAST, LOAD_CONST, BINARY_OP, RETURN_VALUE]
    );
    // BINARY_OP's cache entry is skipped: RETURN_VALUE is at unit 5.
    assert_eq!(p.offsets, [0, 1, 2, 3, 5]);
    assert_eq!(p.kinds, [SlotKind::Local, SlotKind::Free]);
    assert_eq!(p.nlocals_and_cells, 1);
}

#[test]
fn out_of_range_load_const_is_rejected() {
    let c = code(&[(RESUME, 0), (LOAD_CONST, 5), (RETURN_VALUE, 0)], 1);
    assert_eq!(
        rejects(&c),
        "offset 2: LOAD_CONST 5: index out of range of co_consts (2 items)"
    );
}

#[test]
fn out_of_range_names_and_locals_are_rejected() {
    let c = code(&[(RESUME, 0), (LOAD_GLOBAL, 3), (RETURN_VALUE, 0)], 2);
    assert_eq!(
        rejects(&c),
        "offset 2: LOAD_GLOBAL 3: index out of range of co_names (1 item)"
    );
    let c = code(&[(RESUME, 0), (LOAD_FAST, 2), (RETURN_VALUE, 0)], 1);
    assert_eq!(
        rejects(&c),
        "offset 2: LOAD_FAST 2: index out of range of the fast locals (2 items)"
    );
    let c = code(&[(RESUME, 0), (LOAD_DEREF, 0), (RETURN_VALUE, 0)], 1);
    assert_eq!(
        rejects(&c),
        "offset 2: LOAD_DEREF 0: 'x' is not a cell or free variable"
    );
    let c = code(
        &[
            (MAKE_CELL, 1),
            (RESUME, 0),
            (LOAD_CONST, 0),
            (RETURN_VALUE, 0),
        ],
        1,
    );
    assert_eq!(
        rejects(&c),
        "offset 0: MAKE_CELL 1: 'free' is not a cell variable"
    );
}

#[test]
fn operator_tables_are_checked() {
    for (op, arg, why) in [
        (COMPARE_OP, 6, "no such comparison"),
        (BINARY_OP, 26, "no such binary operator"),
        (IS_OP, 2, "the argument must be 0 or 1"),
    ] {
        let c = code(
            &[
                (RESUME, 0),
                (LOAD_CONST, 0),
                (LOAD_CONST, 0),
                (op, arg),
                (RETURN_VALUE, 0),
            ],
            2,
        );
        assert_eq!(rejects(&c), format!("offset 6: {} {arg}: {why}", op.name()));
    }
    let c = code(
        &[
            (RESUME, 0),
            (LOAD_CONST, 0),
            (MAKE_FUNCTION, 16),
            (RETURN_VALUE, 0),
        ],
        2,
    );
    assert_eq!(
        rejects(&c),
        "offset 4: MAKE_FUNCTION 16: unknown MAKE_FUNCTION flags"
    );
}

#[test]
fn pop_top_on_an_empty_stack_is_rejected() {
    let c = code(
        &[
            (RESUME, 0),
            (POP_TOP, 0),
            (LOAD_CONST, 0),
            (RETURN_VALUE, 0),
        ],
        1,
    );
    assert_eq!(
        rejects(&c),
        "offset 2: stack underflow: POP_TOP 0 needs 1 item on the stack, which holds 0"
    );
}

#[test]
fn a_jump_past_the_end_is_rejected() {
    let c = code(
        &[
            (RESUME, 0),
            (JUMP_FORWARD, 10),
            (LOAD_CONST, 0),
            (RETURN_VALUE, 0),
        ],
        1,
    );
    assert_eq!(
        rejects(&c),
        "offset 2: JUMP_FORWARD 10: the target (offset 24) is outside the code"
    );
    let c = code(
        &[
            (RESUME, 0),
            (JUMP_BACKWARD, 5),
            (LOAD_CONST, 0),
            (RETURN_VALUE, 0),
        ],
        1,
    );
    assert_eq!(
        rejects(&c),
        "offset 2: JUMP_BACKWARD 5: the target (offset -6) is outside the code"
    );
}

#[test]
fn a_jump_into_an_inline_cache_is_rejected() {
    // BINARY_OP at unit 3 has its cache at unit 4.
    let c = code(
        &[
            (RESUME, 0),
            (LOAD_CONST, 1),
            (LOAD_CONST, 1),
            (BINARY_OP, 0),
            (JUMP_BACKWARD, 2),
        ],
        2,
    );
    assert_eq!(
        rejects(&c),
        "offset 10: JUMP_BACKWARD 2: the target (offset 8) is not the start of an instruction"
    );
}

#[test]
fn a_missing_return_is_rejected() {
    let c = code(&[(RESUME, 0), (LOAD_CONST, 0), (POP_TOP, 0)], 1);
    assert_eq!(
        rejects(&c),
        "offset 4: the code can run past its last instruction"
    );
}

#[test]
fn a_stack_deeper_than_co_stacksize_is_rejected() {
    let c = code(
        &[
            (RESUME, 0),
            (LOAD_CONST, 0),
            (LOAD_CONST, 0),
            (BUILD_TUPLE, 2),
            (RETURN_VALUE, 0),
        ],
        1,
    );
    assert_eq!(
        rejects(&c),
        "offset 4: the stack depth 2 exceeds co_stacksize (1) after LOAD_CONST"
    );
}

#[test]
fn inconsistent_depths_at_a_merge_are_rejected() {
    // One path pushes a value before the join, the other does not.
    let c = code(
        &[
            (RESUME, 0),
            (LOAD_FAST, 0),
            (POP_JUMP_FORWARD_IF_FALSE, 1),
            (LOAD_CONST, 0),
            (LOAD_CONST, 1),
            (RETURN_VALUE, 0),
        ],
        3,
    );
    assert_eq!(
        rejects(&c),
        "offset 8: inconsistent stack depth: 0 on one path, 1 on another"
    );
}

#[test]
fn decoding_errors_are_rejected() {
    assert_eq!(
        rejects(&raw(vec![151, 0, 100], 1)),
        "co_code has an odd length (3 bytes)"
    );
    assert_eq!(rejects(&raw(vec![], 1)), "co_code is empty");
    assert_eq!(
        rejects(&raw(vec![151, 0, 3, 0], 1)),
        "offset 2: unknown opcode 3"
    );
    assert_eq!(
        rejects(&raw(vec![151, 0, 0, 0], 1)),
        "offset 2: a CACHE entry is not an instruction"
    );
    assert_eq!(
        rejects(&raw(vec![151, 0, 144, 1], 1)),
        "offset 2: EXTENDED_ARG at the end of the code"
    );
    assert_eq!(
        rejects(&raw(
            vec![151, 0, 144, 1, 144, 1, 144, 1, 144, 1, 100, 0],
            1
        )),
        "offset 8: more than three EXTENDED_ARG prefixes (the argument exceeds 32 bits)"
    );
    assert_eq!(
        rejects(&raw(vec![151, 0, 100, 0, 122, 0], 2)),
        "offset 4: BINARY_OP needs 1 inline cache entries after it, past the end of the code"
    );
}

#[test]
fn extended_arg_is_folded_into_the_argument() {
    // EXTENDED_ARG 1; LOAD_CONST 0 is LOAD_CONST 256.
    let c = raw(vec![151, 0, 144, 1, 100, 0, 83, 0], 1);
    assert_eq!(
        rejects(&c),
        "offset 4: LOAD_CONST 256: index out of range of co_consts (2 items)"
    );
    let mut consts: Vec<Constant> = (0..300).map(Constant::Int).collect();
    consts.push(Constant::None);
    let mut ok = raw(vec![151, 0, 144, 1, 100, 0, 83, 0], 1);
    ok.consts = Cow::Owned(consts);
    let p = verify(&ok, ok.consts.len()).expect("valid");
    assert_eq!(p.instrs[1].op, LOAD_CONST);
    assert_eq!(p.instrs[1].arg, 256);
    assert_eq!(p.offsets[1], 2);
}

/// `try: g() / except: return 1` laid out as CPython 3.11 does, with the
/// exception table `table`.
fn with_handler(table: Vec<u8>) -> CodeData {
    let mut c = code(
        &[
            (RESUME, 0),        // 0
            (NOP, 0),           // 1
            (LOAD_CONST, 1),    // 2
            (RETURN_VALUE, 0),  // 3
            (PUSH_EXC_INFO, 0), // 4 (handler, depth 0)
            (POP_EXCEPT, 0),    // 5
            (LOAD_CONST, 1),    // 6
            (RETURN_VALUE, 0),  // 7
        ],
        2,
    );
    c.exceptiontable = Cow::Owned(table);
    c
}

#[test]
fn a_valid_exception_table_gives_handlers() {
    // start 1, length 2, target 4, depth 0, no lasti.
    let c = with_handler(vec![0x80 | 1, 2, 4, 0]);
    let p = verify(&c, 2).expect("valid");
    assert_eq!(p.handler(1).map(|h| h.target), Some(4));
    assert_eq!(p.handler(2).map(|h| h.target), Some(4));
    assert!(p.handler(3).is_none());
}

#[test]
fn a_handler_target_out_of_range_is_rejected() {
    let c = with_handler(vec![0x80 | 1, 2, 40, 0]);
    assert_eq!(
        rejects(&c),
        "co_exceptiontable: the entry at byte 0 has its target (offset 80) outside the code"
    );
    let c = with_handler(vec![0x80 | 1, 40, 4, 0]);
    assert_eq!(
        rejects(&c),
        "co_exceptiontable: the entry at byte 0 has its end (offset 82) outside the code"
    );
}

#[test]
fn a_bad_exception_table_varint_is_rejected() {
    // The last varint says more bytes follow, and none do.
    let c = with_handler(vec![0x80 | 1, 2, 4, 0x40]);
    assert_eq!(rejects(&c), "co_exceptiontable: truncated entry at byte 3");
    // A second entry without its start marker.
    let c = with_handler(vec![0x80 | 1, 2, 4, 0, 1, 2, 4, 0]);
    assert_eq!(
        rejects(&c),
        "co_exceptiontable: an entry without its start marker at byte 4"
    );
}

#[test]
fn a_handler_deeper_than_the_stack_is_rejected() {
    // Depth 2 at a point where the protected code has an empty stack.
    let c = with_handler(vec![0x80 | 1, 2, 4, 4]);
    assert_eq!(
        rejects(&c),
        "offset 2: the exception handler's depth 2 exceeds the stack depth 0 NOP leaves when it raises"
    );
}

#[test]
fn a_bad_line_table_is_rejected() {
    let mut c = code(&[(RESUME, 0), (LOAD_CONST, 0), (RETURN_VALUE, 0)], 1);
    c.linetable = Cow::Owned(vec![0x80 | 14 << 3]);
    assert_eq!(rejects(&c), "co_linetable: malformed entry at byte 0");
}

#[test]
fn inconsistent_argument_counts_are_rejected() {
    let mut c = code(&[(RESUME, 0), (LOAD_CONST, 0), (RETURN_VALUE, 0)], 1);
    c.argcount = 3;
    assert_eq!(
        rejects(&c),
        "the code object has 3 parameters but co_nlocals is 1"
    );
}

#[test]
fn a_generator_prologue_is_accepted() {
    // RETURN_GENERATOR leaves the value of the first send for POP_TOP.
    let mut c = code(
        &[
            (RETURN_GENERATOR, 0),
            (POP_TOP, 0),
            (RESUME, 0),
            (LOAD_CONST, 1),
            (YIELD_VALUE, 0),
            (RESUME, 1),
            (POP_TOP, 0),
            (LOAD_CONST, 0),
            (RETURN_VALUE, 0),
        ],
        1,
    );
    c.flags |= 0x20;
    verify(&c, 2).expect("valid");
}

#[test]
fn kw_names_must_precede_a_call() {
    let c = code(
        &[
            (RESUME, 0),
            (KW_NAMES, 0),
            (LOAD_CONST, 0),
            (RETURN_VALUE, 0),
        ],
        1,
    );
    assert_eq!(
        rejects(&c),
        "offset 2: KW_NAMES must be followed by PRECALL or CALL"
    );
}

#[test]
fn every_truncation_and_byte_flip_of_real_code_is_handled_without_panicking() {
    let c = with_handler(vec![0x80 | 1, 2, 4, 0]);
    let bytes = c.code.to_vec();
    for len in 0..=bytes.len() {
        let mut t = c.clone();
        t.code = Cow::Owned(bytes[..len].to_vec());
        let _ = verify(&t, 2);
    }
    for i in 0..bytes.len() {
        for v in [0u8, 1, 2, 9, 83, 90, 100, 110, 119, 140, 144, 151, 255] {
            let mut t = c.clone();
            let mut b = bytes.clone();
            b[i] = v;
            t.code = Cow::Owned(b);
            let _ = verify(&t, 2);
        }
    }
}
