//! Hand-built ASTs that the parser would not produce, or produces only at
//! the edges: the symbol table must answer with a value or an error, never
//! a panic or a stack overflow.

use py_fn_compiler::ast::*;
use py_fn_compiler::symtable::{Scope, SymbolTable};

fn at(line: u32, col: u32) -> Loc {
    Loc {
        line,
        col,
        end_line: line,
        end_col: col + 1,
    }
}

fn name(id: &str, ctx: ExprContext, loc: Loc) -> Expr {
    Expr {
        kind: ExprKind::Name {
            id: id.to_string(),
            ctx,
        },
        loc,
    }
}

fn expr_stmt(e: Expr) -> Stmt {
    let loc = e.loc;
    Stmt {
        kind: StmtKind::Expr(e),
        loc,
    }
}

#[test]
fn comprehension_without_generators_is_not_a_panic() {
    let e = Expr {
        kind: ExprKind::ListComp {
            elt: Box::new(name("x", ExprContext::Load, at(1, 1))),
            generators: vec![],
        },
        loc: at(1, 0),
    };
    let module = Module {
        body: vec![expr_stmt(e)],
    };
    assert!(SymbolTable::build(&module).is_ok());
}

#[test]
fn walrus_with_a_non_name_target_is_not_a_panic() {
    let walrus = Expr {
        kind: ExprKind::NamedExpr {
            target: Box::new(Expr {
                kind: ExprKind::Attribute {
                    value: Box::new(name("a", ExprContext::Load, at(1, 2))),
                    attr: "b".into(),
                    ctx: ExprContext::Store,
                },
                loc: at(1, 2),
            }),
            value: Box::new(name("x", ExprContext::Load, at(1, 8))),
        },
        loc: at(1, 2),
    };
    let comp = Expr {
        kind: ExprKind::ListComp {
            elt: Box::new(walrus),
            generators: vec![Comprehension {
                target: name("x", ExprContext::Store, at(1, 15)),
                iter: name("y", ExprContext::Load, at(1, 20)),
                ifs: vec![],
            }],
        },
        loc: at(1, 0),
    };
    let module = Module {
        body: vec![expr_stmt(comp)],
    };
    let table = SymbolTable::build(&module).expect("table");
    // python3: symtable of "[(a.b := x) for x in y]" cannot be made (the
    // parser refuses the target); ours only has to stay sane.
    let comp = table.lookup(at(1, 0)).expect("listcomp block");
    assert_eq!(table.block(comp).scope_of("a"), Some(Scope::GlobalImplicit));
}

/// `a+a+...+a` with `n` operands, nested to the left as the parser builds it.
fn sum_chain(n: u32) -> Expr {
    let mut e = name("a", ExprContext::Load, at(1, 4));
    for i in 1..n {
        e = Expr {
            kind: ExprKind::BinOp {
                left: Box::new(e),
                op: Operator::Add,
                right: Box::new(name("a", ExprContext::Load, at(1, 4 + 2 * i))),
            },
            loc: at(1, 4),
        };
    }
    e
}

#[test]
fn deep_expressions_give_an_error_not_a_stack_overflow() {
    // python3 compiles `x = a+a+...+a` with 2993 operands; 3000 fail with
    // RecursionError (`python3 -c "compile('x = ' + '+'.join(['a']*N), '', 'exec')"`).
    let ok = Module {
        body: vec![expr_stmt(sum_chain(2990))],
    };
    assert!(SymbolTable::build(&ok).is_ok());
    let deep = Module {
        body: vec![expr_stmt(sum_chain(3100))],
    };
    let err = SymbolTable::build(&deep).expect_err("too deep");
    assert_eq!(
        err.msg,
        "maximum recursion depth exceeded during compilation"
    );
}
