//! A dumper of py_fn's AST in the line format of
//! `tests/fixtures/parse/dump_ast.py` (which dumps CPython's `ast.parse`).

#![allow(dead_code)]

use py_fn_compiler::ast::*;

fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            ' '..='~' => out.push(ch),
            _ => out.push_str(&format!("\\u{{{:x}}}", ch as u32)),
        }
    }
    out.push('"');
    out
}

fn pos(l: &Loc) -> String {
    format!(" @{}:{}-{}:{}", l.line, l.col, l.end_line, l.end_col)
}

fn opt_str(s: &Option<String>) -> String {
    match s {
        Some(s) => q(s),
        None => "None".to_string(),
    }
}

fn constant(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Bool(true) => "True".into(),
        Constant::Bool(false) => "False".into(),
        Constant::Int(i) => format!("int:{i}"),
        Constant::Float(f) => format!("float:{:016x}", f.to_bits()),
        Constant::Complex(f) => format!("complex:{:016x}", f.to_bits()),
        Constant::Str(s) => format!("str:{}", q(s)),
        Constant::Bytes(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("bytes:{hex}")
        }
    }
}

fn ctx(c: ExprContext) -> &'static str {
    match c {
        ExprContext::Load => "Load",
        ExprContext::Store => "Store",
        ExprContext::Del => "Del",
    }
}

fn op(o: Operator) -> String {
    format!("{o:?}")
}

/// One node being written: its head line, then its child fields.
struct Node<'a> {
    out: &'a mut Vec<String>,
    depth: usize,
}

enum Child<'b> {
    None,
    Expr(&'b Expr),
    Stmts(&'b [Stmt]),
    Exprs(&'b [Expr]),
    OptExprs(Vec<Option<&'b Expr>>),
    Args(&'b Arguments),
    Arg(&'b Arg),
    ArgList(&'b [Arg]),
    Keywords(&'b [Keyword]),
    Comps(&'b [Comprehension]),
    Handlers(&'b [ExceptHandler]),
    Aliases(&'b [Alias]),
}

fn opt<'b>(e: &'b Option<Expr>) -> Child<'b> {
    match e {
        Some(e) => Child::Expr(e),
        None => Child::None,
    }
}

fn optb<'b>(e: &'b Option<Box<Expr>>) -> Child<'b> {
    match e {
        Some(e) => Child::Expr(e),
        None => Child::None,
    }
}

impl Node<'_> {
    fn children(&mut self, fields: Vec<(&str, Child)>) {
        let pad = "  ".repeat(self.depth + 1);
        for (name, c) in fields {
            let d = self.depth + 2;
            let is_empty = match &c {
                Child::None => {
                    self.out.push(format!("{pad}.{name} None"));
                    continue;
                }
                Child::Expr(_) | Child::Args(_) | Child::Arg(_) => false,
                Child::Stmts(v) => v.is_empty(),
                Child::Exprs(v) => v.is_empty(),
                Child::OptExprs(v) => v.is_empty(),
                Child::ArgList(v) => v.is_empty(),
                Child::Keywords(v) => v.is_empty(),
                Child::Comps(v) => v.is_empty(),
                Child::Handlers(v) => v.is_empty(),
                Child::Aliases(v) => v.is_empty(),
            };
            if is_empty {
                self.out.push(format!("{pad}.{name} []"));
                continue;
            }
            self.out.push(format!("{pad}.{name}"));
            match c {
                Child::None => {}
                Child::Expr(e) => dump_expr(e, d, self.out),
                Child::Args(a) => dump_arguments(a, d, self.out),
                Child::Arg(a) => dump_arg(a, d, self.out),
                Child::Stmts(v) => v.iter().for_each(|s| dump_stmt(s, d, self.out)),
                Child::Exprs(v) => v.iter().for_each(|e| dump_expr(e, d, self.out)),
                Child::OptExprs(v) => {
                    for e in v {
                        match e {
                            Some(e) => dump_expr(e, d, self.out),
                            None => self.out.push(format!("{}None", "  ".repeat(d))),
                        }
                    }
                }
                Child::ArgList(v) => v.iter().for_each(|a| dump_arg(a, d, self.out)),
                Child::Keywords(v) => {
                    for k in v {
                        self.out.push(format!(
                            "{}keyword{} arg={}",
                            "  ".repeat(d),
                            pos(&k.loc),
                            opt_str(&k.arg)
                        ));
                        Node {
                            out: self.out,
                            depth: d,
                        }
                        .children(vec![("value", Child::Expr(&k.value))]);
                    }
                }
                Child::Comps(v) => {
                    for c in v {
                        self.out.push(format!("{}comprehension", "  ".repeat(d)));
                        Node {
                            out: self.out,
                            depth: d,
                        }
                        .children(vec![
                            ("target", Child::Expr(&c.target)),
                            ("iter", Child::Expr(&c.iter)),
                            ("ifs", Child::Exprs(&c.ifs)),
                        ]);
                    }
                }
                Child::Handlers(v) => {
                    for h in v {
                        self.out.push(format!(
                            "{}ExceptHandler{} name={}",
                            "  ".repeat(d),
                            pos(&h.loc),
                            opt_str(&h.name)
                        ));
                        Node {
                            out: self.out,
                            depth: d,
                        }
                        .children(vec![
                            ("type", opt(&h.type_)),
                            ("body", Child::Stmts(&h.body)),
                        ]);
                    }
                }
                Child::Aliases(v) => {
                    for a in v {
                        self.out.push(format!(
                            "{}alias{} name={} asname={}",
                            "  ".repeat(d),
                            pos(&a.loc),
                            q(&a.name),
                            opt_str(&a.asname)
                        ));
                    }
                }
            }
        }
    }
}

fn dump_arg(a: &Arg, depth: usize, out: &mut Vec<String>) {
    out.push(format!(
        "{}arg{} arg={}",
        "  ".repeat(depth),
        pos(&a.loc),
        q(&a.name)
    ));
    Node { out, depth }.children(vec![("annotation", optb(&a.annotation))]);
}

fn dump_arguments(a: &Arguments, depth: usize, out: &mut Vec<String>) {
    out.push(format!("{}arguments", "  ".repeat(depth)));
    let vararg = match &a.vararg {
        Some(v) => Child::Arg(v),
        None => Child::None,
    };
    let kwarg = match &a.kwarg {
        Some(v) => Child::Arg(v),
        None => Child::None,
    };
    Node { out, depth }.children(vec![
        ("posonlyargs", Child::ArgList(&a.posonlyargs)),
        ("args", Child::ArgList(&a.args)),
        ("vararg", vararg),
        ("kwonlyargs", Child::ArgList(&a.kwonlyargs)),
        (
            "kw_defaults",
            Child::OptExprs(a.kw_defaults.iter().map(|x| x.as_ref()).collect()),
        ),
        ("kwarg", kwarg),
        ("defaults", Child::Exprs(&a.defaults)),
    ]);
}

/// Dumps a statement and its children.
pub fn dump_stmt(s: &Stmt, depth: usize, out: &mut Vec<String>) {
    let ind = "  ".repeat(depth);
    let p = pos(&s.loc);
    let (head, fields): (String, Vec<(&str, Child)>) = match &s.kind {
        StmtKind::FunctionDef(f) => (
            format!("FunctionDef{p} name={}", q(&f.name)),
            vec![
                ("args", Child::Args(&f.args)),
                ("body", Child::Stmts(&f.body)),
                ("decorator_list", Child::Exprs(&f.decorator_list)),
                ("returns", opt(&f.returns)),
            ],
        ),
        StmtKind::ClassDef(c) => (
            format!("ClassDef{p} name={}", q(&c.name)),
            vec![
                ("bases", Child::Exprs(&c.bases)),
                ("keywords", Child::Keywords(&c.keywords)),
                ("body", Child::Stmts(&c.body)),
                ("decorator_list", Child::Exprs(&c.decorator_list)),
            ],
        ),
        StmtKind::Return(v) => (format!("Return{p}"), vec![("value", opt(v))]),
        StmtKind::Delete(t) => (format!("Delete{p}"), vec![("targets", Child::Exprs(t))]),
        StmtKind::Assign { targets, value } => (
            format!("Assign{p}"),
            vec![
                ("targets", Child::Exprs(targets)),
                ("value", Child::Expr(value)),
            ],
        ),
        StmtKind::AugAssign {
            target,
            op: o,
            value,
        } => (
            format!("AugAssign{p} op={}", op(*o)),
            vec![
                ("target", Child::Expr(target)),
                ("value", Child::Expr(value)),
            ],
        ),
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
            simple,
        } => (
            format!("AnnAssign{p} simple={}", i32::from(*simple)),
            vec![
                ("target", Child::Expr(target)),
                ("annotation", Child::Expr(annotation)),
                ("value", opt(value)),
            ],
        ),
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => (
            format!("For{p}"),
            vec![
                ("target", Child::Expr(target)),
                ("iter", Child::Expr(iter)),
                ("body", Child::Stmts(body)),
                ("orelse", Child::Stmts(orelse)),
            ],
        ),
        StmtKind::While { test, body, orelse } => (
            format!("While{p}"),
            vec![
                ("test", Child::Expr(test)),
                ("body", Child::Stmts(body)),
                ("orelse", Child::Stmts(orelse)),
            ],
        ),
        StmtKind::If { test, body, orelse } => (
            format!("If{p}"),
            vec![
                ("test", Child::Expr(test)),
                ("body", Child::Stmts(body)),
                ("orelse", Child::Stmts(orelse)),
            ],
        ),
        StmtKind::Raise { exc, cause } => (
            format!("Raise{p}"),
            vec![("exc", opt(exc)), ("cause", opt(cause))],
        ),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => (
            format!("Try{p}"),
            vec![
                ("body", Child::Stmts(body)),
                ("handlers", Child::Handlers(handlers)),
                ("orelse", Child::Stmts(orelse)),
                ("finalbody", Child::Stmts(finalbody)),
            ],
        ),
        StmtKind::Assert { test, msg } => (
            format!("Assert{p}"),
            vec![("test", Child::Expr(test)), ("msg", opt(msg))],
        ),
        StmtKind::Import(names) => (format!("Import{p}"), vec![("names", Child::Aliases(names))]),
        StmtKind::ImportFrom {
            module,
            names,
            level,
        } => (
            format!("ImportFrom{p} module={} level={level}", opt_str(module)),
            vec![("names", Child::Aliases(names))],
        ),
        StmtKind::Global(n) => (
            format!(
                "Global{p} names=[{}]",
                n.iter().map(|x| q(x)).collect::<Vec<_>>().join(",")
            ),
            vec![],
        ),
        StmtKind::Nonlocal(n) => (
            format!(
                "Nonlocal{p} names=[{}]",
                n.iter().map(|x| q(x)).collect::<Vec<_>>().join(",")
            ),
            vec![],
        ),
        StmtKind::Expr(e) => (format!("Expr{p}"), vec![("value", Child::Expr(e))]),
        StmtKind::Pass => (format!("Pass{p}"), vec![]),
        StmtKind::Break => (format!("Break{p}"), vec![]),
        StmtKind::Continue => (format!("Continue{p}"), vec![]),
    };
    out.push(format!("{ind}{head}"));
    Node { out, depth }.children(fields);
}

/// Dumps an expression and its children.
pub fn dump_expr(e: &Expr, depth: usize, out: &mut Vec<String>) {
    let ind = "  ".repeat(depth);
    let p = pos(&e.loc);
    let (head, fields): (String, Vec<(&str, Child)>) = match &e.kind {
        ExprKind::BoolOp { op: o, values } => (
            format!("BoolOp{p} op={o:?}"),
            vec![("values", Child::Exprs(values))],
        ),
        ExprKind::NamedExpr { target, value } => (
            format!("NamedExpr{p}"),
            vec![
                ("target", Child::Expr(target)),
                ("value", Child::Expr(value)),
            ],
        ),
        ExprKind::BinOp { left, op: o, right } => (
            format!("BinOp{p} op={}", op(*o)),
            vec![("left", Child::Expr(left)), ("right", Child::Expr(right))],
        ),
        ExprKind::UnaryOp { op: o, operand } => (
            format!("UnaryOp{p} op={o:?}"),
            vec![("operand", Child::Expr(operand))],
        ),
        ExprKind::Lambda { args, body } => (
            format!("Lambda{p}"),
            vec![("args", Child::Args(args)), ("body", Child::Expr(body))],
        ),
        ExprKind::IfExp { test, body, orelse } => (
            format!("IfExp{p}"),
            vec![
                ("test", Child::Expr(test)),
                ("body", Child::Expr(body)),
                ("orelse", Child::Expr(orelse)),
            ],
        ),
        ExprKind::Dict { keys, values } => (
            format!("Dict{p}"),
            vec![
                (
                    "keys",
                    Child::OptExprs(keys.iter().map(|k| k.as_ref()).collect()),
                ),
                ("values", Child::Exprs(values)),
            ],
        ),
        ExprKind::Set(elts) => (format!("Set{p}"), vec![("elts", Child::Exprs(elts))]),
        ExprKind::ListComp { elt, generators } => (
            format!("ListComp{p}"),
            vec![
                ("elt", Child::Expr(elt)),
                ("generators", Child::Comps(generators)),
            ],
        ),
        ExprKind::SetComp { elt, generators } => (
            format!("SetComp{p}"),
            vec![
                ("elt", Child::Expr(elt)),
                ("generators", Child::Comps(generators)),
            ],
        ),
        ExprKind::GeneratorExp { elt, generators } => (
            format!("GeneratorExp{p}"),
            vec![
                ("elt", Child::Expr(elt)),
                ("generators", Child::Comps(generators)),
            ],
        ),
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => (
            format!("DictComp{p}"),
            vec![
                ("key", Child::Expr(key)),
                ("value", Child::Expr(value)),
                ("generators", Child::Comps(generators)),
            ],
        ),
        ExprKind::Yield(v) => (format!("Yield{p}"), vec![("value", optb(v))]),
        ExprKind::YieldFrom(v) => (format!("YieldFrom{p}"), vec![("value", Child::Expr(v))]),
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => (
            format!(
                "Compare{p} ops=[{}]",
                ops.iter()
                    .map(|o| format!("{o:?}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            vec![
                ("left", Child::Expr(left)),
                ("comparators", Child::Exprs(comparators)),
            ],
        ),
        ExprKind::Call {
            func,
            args,
            keywords,
        } => (
            format!("Call{p}"),
            vec![
                ("func", Child::Expr(func)),
                ("args", Child::Exprs(args)),
                ("keywords", Child::Keywords(keywords)),
            ],
        ),
        ExprKind::FormattedValue {
            value,
            conversion,
            format_spec,
        } => (
            format!("FormattedValue{p} conversion={conversion}"),
            vec![
                ("value", Child::Expr(value)),
                ("format_spec", optb(format_spec)),
            ],
        ),
        ExprKind::JoinedStr(values) => (
            format!("JoinedStr{p}"),
            vec![("values", Child::Exprs(values))],
        ),
        ExprKind::Constant(c) => (format!("Constant{p} value={}", constant(c)), vec![]),
        ExprKind::Attribute {
            value,
            attr,
            ctx: c,
        } => (
            format!("Attribute{p} attr={} ctx={}", q(attr), ctx(*c)),
            vec![("value", Child::Expr(value))],
        ),
        ExprKind::Subscript {
            value,
            slice,
            ctx: c,
        } => (
            format!("Subscript{p} ctx={}", ctx(*c)),
            vec![("value", Child::Expr(value)), ("slice", Child::Expr(slice))],
        ),
        ExprKind::Starred { value, ctx: c } => (
            format!("Starred{p} ctx={}", ctx(*c)),
            vec![("value", Child::Expr(value))],
        ),
        ExprKind::Name { id, ctx: c } => (format!("Name{p} id={} ctx={}", q(id), ctx(*c)), vec![]),
        ExprKind::List { elts, ctx: c } => (
            format!("List{p} ctx={}", ctx(*c)),
            vec![("elts", Child::Exprs(elts))],
        ),
        ExprKind::Tuple { elts, ctx: c } => (
            format!("Tuple{p} ctx={}", ctx(*c)),
            vec![("elts", Child::Exprs(elts))],
        ),
        ExprKind::Slice { lower, upper, step } => (
            format!("Slice{p}"),
            vec![
                ("lower", optb(lower)),
                ("upper", optb(upper)),
                ("step", optb(step)),
            ],
        ),
    };
    out.push(format!("{ind}{head}"));
    Node { out, depth }.children(fields);
}

/// Dumps a module in the fixture format.
pub fn dump_module(m: &Module) -> String {
    let mut out = vec!["Module".to_string()];
    Node {
        out: &mut out,
        depth: 0,
    }
    .children(vec![("body", Child::Stmts(&m.body))]);
    let mut s = out.join("\n");
    s.push('\n');
    s
}
