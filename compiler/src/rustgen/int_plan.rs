//! Which functions get an int path (see `int_spec`), decided before any
//! body is written, so that a call to a function defined later (mutual
//! recursion) can go straight to its int path.
//!
//! A `def` is a call target when it is not decorated, takes only positional
//! parameters, owns no cell and its body passes [`body_is_int_pure`]. A
//! call `g(...)` in such a body resolves `g` statically to the one `def g`
//! of the scope that binds it (the enclosing function that owns the cell,
//! or the module); at run time the int path still checks that the value it
//! calls is a function over that code object, and gives up otherwise.

use std::collections::{HashMap, HashSet};

use super::statics::CodeNode;
use crate::ast::{CmpOp, Constant, Expr, ExprKind, Operator, Stmt, StmtKind, UnaryOp};
use crate::symtable::{Block, BlockType, Scope, ScopeId, SymbolTable};

/// How deep an expression or statement nesting the int path translates;
/// deeper bodies keep only the generic path (the int path's translation
/// recurses on the tree).
pub const MAX_DEPTH: usize = 48;

/// A `def` that may be a call target: its qualified name and line.
pub type DefKey = (String, u32);

/// The functions with an int path and how calls find them.
#[derive(Debug, Default)]
pub struct IntPlan {
    /// Call targets that have an int path, with their positional arity.
    targets: HashMap<DefKey, usize>,
    /// For each function block, the `def`s of its body by name (only names
    /// bound by exactly one `def`).
    defs_by_scope: HashMap<ScopeId, HashMap<String, DefKey>>,
    /// The code object of each `def` (by qualified name and first line;
    /// keys two code objects share are left out).
    nodes: HashMap<DefKey, usize>,
}

impl IntPlan {
    /// Analyses every `def` of `body` (the module's statements).
    pub fn build(body: &[Stmt], symtable: &SymbolTable, tree: &[CodeNode<'_>]) -> IntPlan {
        let mut plan = IntPlan::default();
        let mut shared = HashSet::new();
        for (i, node) in tree.iter().enumerate() {
            let key = (node.code.qualname.to_string(), node.code.firstlineno);
            if plan.nodes.insert(key.clone(), i).is_some() {
                shared.insert(key);
            }
        }
        for key in &shared {
            plan.nodes.remove(key);
        }
        let mut found = Vec::new();
        collect(body, symtable, symtable.top(), "", &mut plan, &mut found);
        // Local eligibility, then drop the targets that call a non-target
        // (or with another arity), and their callers in turn: a worklist
        // over the reversed call graph, linear in the calls.
        let mut calls: HashMap<DefKey, Vec<(DefKey, usize)>> = HashMap::new();
        for f in &found {
            let Some(block) = symtable.get(f.scope) else {
                continue;
            };
            if let Some(callees) = plan.function_calls(symtable, f.scope, block, f.body) {
                plan.targets.insert(f.key.clone(), f.arity);
                calls.insert(f.key.clone(), callees);
            }
        }
        let mut callers: HashMap<&DefKey, Vec<&DefKey>> = HashMap::new();
        let mut dead: Vec<&DefKey> = Vec::new();
        for (caller, callees) in &calls {
            for (callee, arity) in callees {
                callers.entry(callee).or_default().push(caller);
                if plan.targets.get(callee) != Some(arity) {
                    dead.push(caller);
                }
            }
        }
        while let Some(key) = dead.pop() {
            if plan.targets.remove(key).is_some() {
                dead.extend(callers.get(key).into_iter().flatten().copied());
            }
        }
        plan
    }

    /// The call target `name(...)` reaches from the block `scope`, with its
    /// arity, when it has an int path.
    pub fn target(
        &self,
        symtable: &SymbolTable,
        scope: ScopeId,
        name: &str,
    ) -> Option<(&DefKey, usize)> {
        let key = self.resolve(symtable, scope, name)?;
        let (key, arity) = self.targets.get_key_value(&key)?;
        Some((key, *arity))
    }

    /// The code object (index in the tree) of the `def` `key`.
    pub fn node(&self, key: &DefKey) -> Option<usize> {
        self.nodes.get(key).copied()
    }

    /// Every call target, with its code object and arity.
    pub fn targets(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.targets
            .iter()
            .filter_map(|(key, arity)| Some((self.node(key)?, *arity)))
    }

    /// The `def` that binds `name` as seen from block `scope`.
    fn resolve(&self, symtable: &SymbolTable, scope: ScopeId, name: &str) -> Option<DefKey> {
        let block = symtable.get(scope)?;
        let owner = match block.scope_of(name)? {
            Scope::GlobalImplicit | Scope::GlobalExplicit => symtable.top(),
            Scope::Free => {
                let mut at = block.parent;
                loop {
                    let id = at?;
                    let b = symtable.get(id)?;
                    if b.kind != BlockType::Function {
                        return None;
                    }
                    match b.scope_of(name) {
                        Some(Scope::Cell) => break id,
                        Some(Scope::Free) => at = b.parent,
                        _ => return None,
                    }
                }
            }
            Scope::Local | Scope::Cell => return None,
        };
        self.defs_by_scope.get(&owner)?.get(name).cloned()
    }

    /// The call targets of a function body, or `None` when the body has
    /// something the int path does not translate.
    fn function_calls(
        &self,
        symtable: &SymbolTable,
        scope: ScopeId,
        block: &Block,
        body: &[Stmt],
    ) -> Option<Vec<(DefKey, usize)>> {
        if block.generator
            || block.varargs
            || block.varkeywords
            || block.symbols.iter().any(|s| s.scope == Scope::Cell)
        {
            return None;
        }
        let mut uses = Uses::default();
        if !body_is_int_pure(body, &mut uses)
            || uses
                .stores
                .iter()
                .any(|n| block.scope_of(n) != Some(Scope::Local))
        {
            return None;
        }
        uses.calls
            .iter()
            .map(|(n, arity)| Some((self.resolve(symtable, scope, n)?, *arity)))
            .collect()
    }
}

/// A `def` found by [`collect`].
struct Found<'m> {
    key: DefKey,
    scope: ScopeId,
    arity: usize,
    body: &'m [Stmt],
}

/// Walks `body` (the statements of block `scope`, whose qualified name is
/// `qual`), recording every `def` and the defs of each function scope.
fn collect<'m>(
    body: &'m [Stmt],
    symtable: &SymbolTable,
    scope: ScopeId,
    qual: &str,
    plan: &mut IntPlan,
    found: &mut Vec<Found<'m>>,
) {
    // Per name: how many `def`s bind it, and the last plain one.
    let mut seen: HashMap<String, (usize, Option<DefKey>)> = HashMap::new();
    let mut stack: Vec<&'m [Stmt]> = vec![body];
    while let Some(stmts) = stack.pop() {
        for s in stmts {
            match &s.kind {
                StmtKind::FunctionDef(def) => {
                    let Some(child) = symtable.lookup(s.loc) else {
                        continue;
                    };
                    let child_qual = if qual.is_empty() {
                        def.name.clone()
                    } else {
                        format!("{qual}.<locals>.{}", def.name)
                    };
                    let key = (child_qual.clone(), s.loc.line);
                    let plain = def.decorator_list.is_empty()
                        && def.args.kwonlyargs.is_empty()
                        && def.args.vararg.is_none()
                        && def.args.kwarg.is_none();
                    let entry = seen.entry(def.name.clone()).or_insert((0, None));
                    entry.0 += 1;
                    entry.1 = plain.then(|| key.clone());
                    if plain {
                        found.push(Found {
                            key,
                            scope: child,
                            arity: def.args.posonlyargs.len() + def.args.args.len(),
                            body: &def.body,
                        });
                    }
                    collect(&def.body, symtable, child, &child_qual, plan, found);
                }
                StmtKind::If { body, orelse, .. }
                | StmtKind::While { body, orelse, .. }
                | StmtKind::For { body, orelse, .. } => {
                    stack.push(body);
                    stack.push(orelse);
                }
                _ => {}
            }
        }
    }
    // A name bound by two `def`s has no static target.
    let defs: HashMap<String, DefKey> = seen
        .into_iter()
        .filter(|(_, (count, _))| *count == 1)
        .filter_map(|(name, (_, key))| Some((name, key?)))
        .collect();
    plan.defs_by_scope.insert(scope, defs);
}

/// The names a body calls and assigns.
#[derive(Debug, Default)]
pub struct Uses {
    /// Names called, with their argument counts.
    pub calls: Vec<(String, usize)>,
    /// Names assigned (they must be plain locals).
    pub stores: Vec<String>,
}

/// True when every statement of `body` has an int translation; records
/// the names called and assigned in `uses`.
pub fn body_is_int_pure(body: &[Stmt], uses: &mut Uses) -> bool {
    stmts_ok(body, 0, false, uses)
}

/// True when the expression `e` (a lambda's body) has an int translation;
/// records the names called in `uses`.
pub fn expr_is_int_pure(e: &Expr, uses: &mut Uses) -> bool {
    expr_ok(e, 0, uses)
}

fn stmts_ok(body: &[Stmt], depth: usize, in_loop: bool, uses: &mut Uses) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    body.iter().enumerate().all(|(i, s)| match &s.kind {
        StmtKind::Return(Some(e)) => expr_ok(e, 0, uses),
        StmtKind::Return(None) | StmtKind::Pass => true,
        StmtKind::Break | StmtKind::Continue => in_loop,
        StmtKind::If { test, body, orelse } => {
            test_ok(test, 0, uses)
                && stmts_ok(body, depth + 1, in_loop, uses)
                && stmts_ok(orelse, depth + 1, in_loop, uses)
        }
        StmtKind::While { test, body, orelse } => {
            orelse.is_empty() && test_ok(test, 0, uses) && stmts_ok(body, depth + 1, true, uses)
        }
        StmtKind::Assign { targets, value } => {
            targets.iter().all(|t| store_ok(t, uses)) && expr_ok(value, 0, uses)
        }
        StmtKind::AugAssign { target, op, value } => {
            store_ok(target, uses) && int_operator(*op) && expr_ok(value, 0, uses)
        }
        // A docstring.
        StmtKind::Expr(Expr {
            kind: ExprKind::Constant(Constant::Str(_)),
            ..
        }) => i == 0 && depth == 0,
        _ => false,
    })
}

/// A plain name as an assignment target (recorded in `uses.stores`).
fn store_ok(e: &Expr, uses: &mut Uses) -> bool {
    match &e.kind {
        ExprKind::Name { id, .. } => {
            uses.stores.push(id.clone());
            true
        }
        _ => false,
    }
}

/// The binary operators with an exact `i64` translation.
pub fn int_operator(op: Operator) -> bool {
    matches!(
        op,
        Operator::Add
            | Operator::Sub
            | Operator::Mult
            | Operator::FloorDiv
            | Operator::Mod
            | Operator::BitAnd
            | Operator::BitOr
            | Operator::BitXor
            | Operator::LShift
            | Operator::RShift
    )
}

/// The comparisons with an `i64` translation.
pub fn int_cmp(op: CmpOp) -> bool {
    matches!(
        op,
        CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE | CmpOp::Eq | CmpOp::NotEq
    )
}

/// `e` as an `int` value.
fn expr_ok(e: &Expr, depth: usize, uses: &mut Uses) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let d = depth + 1;
    match &e.kind {
        ExprKind::Constant(Constant::Int(i)) => i64::try_from(i).is_ok(),
        ExprKind::Name { .. } => true,
        ExprKind::BinOp { left, op, right } => {
            int_operator(*op) && expr_ok(left, d, uses) && expr_ok(right, d, uses)
        }
        ExprKind::UnaryOp { op, operand } => {
            matches!(op, UnaryOp::USub | UnaryOp::UAdd | UnaryOp::Invert)
                && expr_ok(operand, d, uses)
        }
        ExprKind::IfExp { test, body, orelse } => {
            test_ok(test, d, uses) && expr_ok(body, d, uses) && expr_ok(orelse, d, uses)
        }
        ExprKind::BoolOp { values, .. } => {
            values.len() <= MAX_DEPTH && values.iter().all(|v| expr_ok(v, d, uses))
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            let ExprKind::Name { id, .. } = &func.kind else {
                return false;
            };
            if !keywords.is_empty() || args.len() > MAX_DEPTH {
                return false;
            }
            uses.calls.push((id.clone(), args.len()));
            args.iter()
                .all(|a| !matches!(a.kind, ExprKind::Starred { .. }) && expr_ok(a, d, uses))
        }
        _ => false,
    }
}

/// `e` as the test of an `if`, `while` or conditional expression.
fn test_ok(e: &Expr, depth: usize, uses: &mut Uses) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let d = depth + 1;
    match &e.kind {
        ExprKind::Constant(Constant::Bool(_)) => true,
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => {
            ops.len() <= 8
                && ops.iter().all(|op| int_cmp(*op))
                && expr_ok(left, d, uses)
                && comparators.iter().all(|c| expr_ok(c, d, uses))
        }
        ExprKind::BoolOp { values, .. } => {
            values.len() <= MAX_DEPTH && values.iter().all(|v| test_ok(v, d, uses))
        }
        ExprKind::UnaryOp {
            op: UnaryOp::Not,
            operand,
        } => test_ok(operand, d, uses),
        _ => expr_ok(e, d, uses),
    }
}

/// The names of a function's parameters and plain locals that the int path
/// keeps in `i64` variables (everything `Local` in the block).
pub fn locals(block: &Block) -> HashSet<&str> {
    block
        .symbols
        .iter()
        .filter(|s| s.scope == Scope::Local)
        .map(|s| s.name.as_str())
        .collect()
}
