//! Dropping an expression does not recurse: the parser accepts chains far
//! deeper than a thread's stack could drop frame by frame (CPython's parser
//! does too; its compiler then reports the depth).

use py_fn_compiler::ast::{Constant, Expr, ExprContext, ExprKind, Keyword, Loc, Operator};

fn leaf() -> Expr {
    Expr {
        kind: ExprKind::Constant(Constant::None),
        loc: Loc::default(),
    }
}

/// `1 + 1 + ... + 1`, left-deep, `n` operators.
fn binop_chain(n: usize) -> Expr {
    let mut e = leaf();
    for _ in 0..n {
        e = Expr {
            kind: ExprKind::BinOp {
                left: Box::new(e),
                op: Operator::Add,
                right: Box::new(leaf()),
            },
            loc: Loc::default(),
        };
    }
    e
}

/// `f(a=f(a=...))`: nesting through keyword values and call arguments.
fn call_chain(n: usize) -> Expr {
    let mut e = leaf();
    for _ in 0..n {
        let func = Expr {
            kind: ExprKind::Name {
                id: "f".to_string(),
                ctx: ExprContext::Load,
            },
            loc: Loc::default(),
        };
        e = Expr {
            kind: ExprKind::Call {
                func: Box::new(func),
                args: vec![leaf()],
                keywords: vec![Keyword {
                    arg: Some("a".to_string()),
                    value: e,
                    loc: Loc::default(),
                }],
            },
            loc: Loc::default(),
        };
    }
    e
}

#[test]
fn deep_expressions_drop_on_a_small_stack() {
    // Built here, dropped on a 256 KiB thread: one frame per level would
    // need tens of megabytes.
    let exprs = vec![binop_chain(1_000_000), call_chain(200_000)];
    std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || drop(exprs))
        .expect("thread")
        .join()
        .expect("dropped without overflowing");
}
