//! Units the bytecode interpreter runs, and the native bodies inside them.
//!
//! A code object the back end does not lower (see [`super::check`]) runs on
//! the interpreter; the functions nested in it can still be native: the
//! interpreter's `MAKE_FUNCTION` finds their bodies in the module's table of
//! native bodies (`rt::register_natives`). This module finds, for such a
//! unit, the AST of each nested code object and writes the native bodies of
//! those the back end lowers, recursively.
//!
//! Nested code objects are matched to their AST nodes by name and first
//! line. Two nodes with the same name on the same line (`[lambda: 1,
//! lambda: 2]`) cannot be told apart this way: they, and everything in
//! them, stay on the interpreter.

use std::collections::HashMap;

use super::check::{param_names, unit_unsupported, UnitBody};
use super::frame::Gen;
use super::function::Body;
use crate::ast::{
    Arguments, ClassDef, Comprehension, Expr, ExprKind, FunctionDef, Keyword, Loc, Stmt, StmtKind,
};
use crate::error::CompileResult;

/// The AST of a unit: what its code object runs.
#[derive(Clone, Copy, Debug)]
pub enum UnitAst<'b> {
    /// The module's, a `def`'s or a class body's statements.
    Stmts(&'b [Stmt]),
    /// A `lambda`'s expression.
    Lambda(&'b Expr),
    /// A comprehension or generator expression: everything but the first
    /// iterable (which runs in the enclosing unit).
    Comprehension(&'b Expr),
}

/// A nested code object's AST node.
#[derive(Clone, Copy, Debug)]
enum Node<'b> {
    Def(&'b FunctionDef, Loc),
    Lambda(&'b Expr, Loc),
    Class(&'b ClassDef, Loc),
    Comprehension(&'b Expr, &'static str),
}

/// The `co_firstlineno` of a `def` or `class` statement at `loc`: the line
/// of its first decorator, if it has one (as CPython 3.8+ numbers it).
pub fn first_line(decorators: &[Expr], loc: Loc) -> u32 {
    decorators
        .first()
        .map_or(loc.line, |d| d.loc.line.min(loc.line))
}

impl Node<'_> {
    fn key(&self) -> (String, u32) {
        match self {
            Node::Def(def, loc) => (def.name.clone(), first_line(&def.decorator_list, *loc)),
            Node::Lambda(_, loc) => ("<lambda>".to_string(), loc.line),
            Node::Class(class, loc) => {
                (class.name.clone(), first_line(&class.decorator_list, *loc))
            }
            Node::Comprehension(e, name) => (name.to_string(), e.loc.line),
        }
    }
}

/// The code-object name of a comprehension expression.
pub fn comprehension_name(e: &Expr) -> Option<&'static str> {
    Some(match &e.kind {
        ExprKind::ListComp { .. } => "<listcomp>",
        ExprKind::SetComp { .. } => "<setcomp>",
        ExprKind::DictComp { .. } => "<dictcomp>",
        ExprKind::GeneratorExp { .. } => "<genexpr>",
        _ => return None,
    })
}

/// The `for` clauses of a comprehension expression.
pub fn generators(e: &Expr) -> &[Comprehension] {
    match &e.kind {
        ExprKind::ListComp { generators, .. }
        | ExprKind::SetComp { generators, .. }
        | ExprKind::DictComp { generators, .. }
        | ExprKind::GeneratorExp { generators, .. } => generators,
        _ => &[],
    }
}

/// Collects the nested code objects' nodes of one unit.
#[derive(Default)]
struct Collector<'b> {
    nodes: Vec<Node<'b>>,
}

impl<'b> Collector<'b> {
    fn unit(&mut self, ast: UnitAst<'b>) {
        match ast {
            UnitAst::Stmts(stmts) => self.stmts(stmts),
            UnitAst::Lambda(e) => self.expr(e),
            UnitAst::Comprehension(e) => {
                match &e.kind {
                    ExprKind::ListComp { elt, .. }
                    | ExprKind::SetComp { elt, .. }
                    | ExprKind::GeneratorExp { elt, .. } => self.expr(elt),
                    ExprKind::DictComp { key, value, .. } => {
                        self.expr(key);
                        self.expr(value);
                    }
                    _ => {}
                }
                for (i, g) in generators(e).iter().enumerate() {
                    self.expr(&g.target);
                    if i > 0 {
                        self.expr(&g.iter);
                    }
                    g.ifs.iter().for_each(|c| self.expr(c));
                }
            }
        }
    }

    fn stmts(&mut self, stmts: &'b [Stmt]) {
        // Statements nest at most as deep as the source's indentation
        // (CPython's parser limits it); expressions use an explicit stack.
        for s in stmts {
            self.stmt(s);
        }
    }

    fn arguments(&mut self, args: &'b Arguments) {
        args.defaults.iter().for_each(|d| self.expr(d));
        args.kw_defaults.iter().flatten().for_each(|d| self.expr(d));
    }

    fn keywords(&mut self, keywords: &'b [Keyword]) {
        keywords.iter().for_each(|k| self.expr(&k.value));
    }

    fn stmt(&mut self, s: &'b Stmt) {
        match &s.kind {
            StmtKind::FunctionDef(def) => {
                def.decorator_list.iter().for_each(|d| self.expr(d));
                self.arguments(&def.args);
                self.nodes.push(Node::Def(def, s.loc));
            }
            StmtKind::ClassDef(class) => {
                class.decorator_list.iter().for_each(|d| self.expr(d));
                self.nodes.push(Node::Class(class, s.loc));
                class.bases.iter().for_each(|b| self.expr(b));
                self.keywords(&class.keywords);
            }
            StmtKind::Return(v) => v.iter().for_each(|e| self.expr(e)),
            StmtKind::Delete(targets) => targets.iter().for_each(|e| self.expr(e)),
            StmtKind::Assign { targets, value } => {
                self.expr(value);
                targets.iter().for_each(|e| self.expr(e));
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target);
                self.expr(value);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                value.iter().for_each(|e| self.expr(e));
                self.expr(target);
                self.expr(annotation);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(iter);
                self.expr(target);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::Raise { exc, cause } => {
                exc.iter().for_each(|e| self.expr(e));
                cause.iter().for_each(|e| self.expr(e));
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body);
                for h in handlers {
                    h.type_.iter().for_each(|e| self.expr(e));
                    self.stmts(&h.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                msg.iter().for_each(|e| self.expr(e));
            }
            StmtKind::Import(_)
            | StmtKind::ImportFrom { .. }
            | StmtKind::Global(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue => {}
        }
    }

    fn expr(&mut self, root: &'b Expr) {
        let mut stack: Vec<&'b Expr> = vec![root];
        while let Some(e) = stack.pop() {
            match &e.kind {
                ExprKind::Lambda { args, body } => {
                    self.arguments(args);
                    self.nodes.push(Node::Lambda(body, e.loc));
                }
                ExprKind::ListComp { .. }
                | ExprKind::SetComp { .. }
                | ExprKind::DictComp { .. }
                | ExprKind::GeneratorExp { .. } => {
                    if let Some(name) = comprehension_name(e) {
                        self.nodes.push(Node::Comprehension(e, name));
                    }
                    if let Some(first) = generators(e).first() {
                        stack.push(&first.iter);
                    }
                }
                ExprKind::BoolOp { values, .. } => stack.extend(values),
                ExprKind::NamedExpr { target, value } => stack.extend([&**target, &**value]),
                ExprKind::BinOp { left, right, .. } => stack.extend([&**left, &**right]),
                ExprKind::UnaryOp { operand, .. } => stack.push(operand),
                ExprKind::IfExp { test, body, orelse } => {
                    stack.extend([&**test, &**body, &**orelse])
                }
                ExprKind::Dict { keys, values } => {
                    stack.extend(keys.iter().flatten());
                    stack.extend(values);
                }
                ExprKind::Set(elts) | ExprKind::JoinedStr(elts) => stack.extend(elts),
                ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => stack.extend(elts),
                ExprKind::Yield(v) => stack.extend(v.iter().map(|b| &**b)),
                ExprKind::YieldFrom(v) => stack.push(v),
                ExprKind::Compare {
                    left, comparators, ..
                } => {
                    stack.push(left);
                    stack.extend(comparators);
                }
                ExprKind::Call {
                    func,
                    args,
                    keywords,
                } => {
                    stack.push(func);
                    stack.extend(args);
                    stack.extend(keywords.iter().map(|k| &k.value));
                }
                ExprKind::FormattedValue {
                    value, format_spec, ..
                } => {
                    stack.push(value);
                    stack.extend(format_spec.iter().map(|b| &**b));
                }
                ExprKind::Attribute { value, .. } => stack.push(value),
                ExprKind::Subscript { value, slice, .. } => stack.extend([&**value, &**slice]),
                ExprKind::Starred { value, .. } => stack.push(value),
                ExprKind::Slice { lower, upper, step } => {
                    stack.extend([lower, upper, step].into_iter().flatten().map(|b| &**b))
                }
                ExprKind::Constant(_) | ExprKind::Name { .. } => {}
            }
        }
    }
}

impl<'a> Gen<'a> {
    /// Writes the native bodies of the functions nested (at any depth) in
    /// the interpreted unit `code`, whose AST is `ast`.
    pub fn vm_unit(&mut self, code: usize, ast: UnitAst<'_>) -> CompileResult<()> {
        let mut collector = Collector::default();
        collector.unit(ast);
        let mut by_key: HashMap<(String, u32), Vec<Node<'_>>> = HashMap::new();
        for node in collector.nodes {
            by_key.entry(node.key()).or_default().push(node);
        }
        let children = match self.tree.get(code) {
            Some(node) => node.children.clone(),
            None => return Ok(()),
        };
        for child in children {
            let Some(c) = self.tree.get(child) else {
                continue;
            };
            let key = (c.code.name.to_string(), c.code.firstlineno);
            let node = match by_key.get(&key).map(Vec::as_slice) {
                Some([only]) => *only,
                // Unmatched (e.g. folded away) or ambiguous: interpreted.
                _ => continue,
            };
            self.nested_unit(child, node)?;
        }
        Ok(())
    }

    /// A nested code object of an interpreted unit: a native body if the
    /// back end lowers it, else the native bodies inside it.
    fn nested_unit(&mut self, child: usize, node: Node<'_>) -> CompileResult<()> {
        match node {
            Node::Def(def, loc) => {
                let params = param_names(&def.args);
                let body = UnitBody::Stmts(&def.body, &params);
                if unit_unsupported(body).is_none() {
                    self.native_unit(child, loc, Body::Def(&def.body))
                } else {
                    self.vm_unit(child, UnitAst::Stmts(&def.body))
                }
            }
            Node::Lambda(body, loc) => {
                if unit_unsupported(UnitBody::Expr(body)).is_none() {
                    self.native_unit(child, loc, Body::Lambda(body))
                } else {
                    self.vm_unit(child, UnitAst::Lambda(body))
                }
            }
            Node::Class(class, loc) => {
                let body = UnitBody::Stmts(&class.body, &[]);
                if unit_unsupported(body).is_none() {
                    self.native_unit(child, loc, Body::Class(&class.body))
                } else {
                    self.vm_unit(child, UnitAst::Stmts(&class.body))
                }
            }
            Node::Comprehension(e, _) => self.vm_unit(child, UnitAst::Comprehension(e)),
        }
    }

    /// Writes the native body of the `def`/`lambda` `child` defined at `loc`.
    fn native_unit(&mut self, child: usize, loc: Loc, body: Body<'_>) -> CompileResult<()> {
        let Some(scope) = self.symtable.lookup(loc) else {
            // No block for this node: leave it to the interpreter.
            return Ok(());
        };
        let block = self.symtable.block(scope);
        self.function_body(child, scope, block, body, loc)
    }
}
