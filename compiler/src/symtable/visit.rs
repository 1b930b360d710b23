//! Pass 1 (`symtable_visit_stmt` / `symtable_visit_expr`): one walk over the
//! module that opens a block per `def`, `class`, lambda and comprehension and
//! records, per block and in insertion order, what is done with each name.
//! Errors found here are raised at once (CPYTHON_SCOPES.md steps 1–5).

use std::collections::HashMap;

use super::flags::{
    DEF_ANNOT, DEF_COMP_ITER, DEF_GLOBAL, DEF_IMPORT, DEF_LOCAL, DEF_NONLOCAL, DEF_PARAM, USE,
};
use super::{mangle, Block, BlockType, ScopeId, SymbolTable};
use crate::ast::{
    Alias, Arg, Arguments, Comprehension, Constant, ExceptHandler, Expr, ExprContext, ExprKind,
    Keyword, Loc, Module, Stmt, StmtKind,
};
use crate::error::{CompileError, CompileResult};
use crate::messages;

/// Nesting depth (statements plus expressions) past which the walk gives
/// up, as CPython 3.11's symtable does (recursion limit 1000 times
/// `COMPILER_STACK_FRAME_SCALE` 3).
const MAX_DEPTH: u32 = 3000;

/// Runs pass 1 over `module`: the blocks with their raw flags, parameters,
/// children and directives; scopes are filled in by pass 2.
pub(super) fn build_pass1(module: &Module) -> CompileResult<SymbolTable> {
    let mut v = Visitor::new(future_annotations(module));
    for stmt in &module.body {
        v.visit_stmt(stmt)?;
    }
    Ok(SymbolTable {
        blocks: v.blocks,
        by_loc: v.by_loc,
    })
}

/// True when the module starts (after an optional docstring) with
/// `from __future__ import annotations` among its future imports.
fn future_annotations(module: &Module) -> bool {
    let mut stmts = module.body.iter().peekable();
    if let Some(Stmt {
        kind:
            StmtKind::Expr(Expr {
                kind: ExprKind::Constant(Constant::Str(_)),
                ..
            }),
        ..
    }) = stmts.peek()
    {
        stmts.next();
    }
    for stmt in stmts {
        match &stmt.kind {
            StmtKind::ImportFrom {
                module: Some(m),
                names,
                level: 0,
            } if m == "__future__" => {
                if names.iter().any(|a| a.name == "annotations") {
                    return true;
                }
            }
            _ => return false,
        }
    }
    false
}

/// A parameter's annotation.
fn ann(a: &Arg) -> Option<&Expr> {
    a.annotation.as_deref()
}

/// Per-block state of the walk that the finished table does not keep.
#[derive(Clone, Copy, Default)]
struct WalkState {
    /// Visiting a comprehension's `for` target (`ste_comp_iter_target`).
    comp_iter_target: bool,
    /// Depth of comprehension iterables being visited (`ste_comp_iter_expr`).
    comp_iter_expr: u32,
    /// A scratch block for annotations under `from __future__ import annotations`.
    annotation: bool,
}

/// The pass-1 walker (CPython's `struct symtable` during `symtable_visit_*`).
struct Visitor {
    blocks: Vec<Block>,
    state: Vec<WalkState>,
    stack: Vec<ScopeId>,
    /// The innermost enclosing class name (`st_private`), for mangling.
    private: Option<String>,
    future_annotations: bool,
    by_loc: HashMap<(u32, u32), ScopeId>,
    depth: u32,
}

impl Visitor {
    fn new(future_annotations: bool) -> Self {
        Visitor {
            blocks: vec![Block::new(
                "top",
                BlockType::Module,
                Loc::default(),
                None,
                false,
            )],
            state: vec![WalkState::default()],
            stack: vec![ScopeId(0)],
            private: None,
            future_annotations,
            by_loc: HashMap::new(),
            depth: 0,
        }
    }

    fn cur_id(&self) -> ScopeId {
        self.stack.last().copied().unwrap_or(ScopeId(0))
    }

    fn cur(&mut self) -> &mut Block {
        let id = self.cur_id();
        &mut self.blocks[id.0 as usize]
    }

    fn cur_state(&mut self) -> &mut WalkState {
        let id = self.cur_id();
        &mut self.state[id.0 as usize]
    }

    /// `symtable_enter_block`: a new child of the current block.
    fn enter_block(&mut self, name: &str, kind: BlockType, loc: Loc) {
        let parent = self.cur_id();
        let (nested, inherited) = {
            let p = &self.blocks[parent.0 as usize];
            (
                p.nested || p.kind == BlockType::Function,
                self.state[parent.0 as usize].comp_iter_expr,
            )
        };
        let id = ScopeId(self.blocks.len() as u32);
        self.blocks
            .push(Block::new(name, kind, loc, Some(parent), nested));
        self.state.push(WalkState {
            comp_iter_expr: inherited,
            ..WalkState::default()
        });
        self.blocks[parent.0 as usize].children.push(id);
        self.by_loc.entry((loc.line, loc.col)).or_insert(id);
        self.stack.push(id);
    }

    /// `symtable_exit_block`.
    fn exit_block(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// Current mangled spelling of `name` (`_Py_Mangle(st_private, name)`).
    fn mangled(&self, name: &str) -> String {
        mangle(self.private.as_deref(), name).into_owned()
    }

    /// `symtable_lookup`: the current block's flags for `name` (mangled).
    fn lookup(&mut self, name: &str) -> u32 {
        let mangled = self.mangled(name);
        self.cur().flags_of(&mangled)
    }

    /// `symtable_add_def` in the current block.
    fn add_def(&mut self, name: &str, flag: u32, loc: Loc) -> CompileResult<()> {
        let id = self.cur_id();
        self.add_def_in(name, flag, id, loc)
    }

    /// `symtable_add_def_helper`: OR `flag` into `name`'s entry of block `id`.
    fn add_def_in(&mut self, name: &str, flag: u32, id: ScopeId, loc: Loc) -> CompileResult<()> {
        let mangled = self.mangled(name);
        let comp_iter_target = self.state[id.0 as usize].comp_iter_target;
        let block = &mut self.blocks[id.0 as usize];
        let old = block.flags_of(&mangled);
        if flag & DEF_PARAM != 0 && old & DEF_PARAM != 0 {
            return Err(CompileError::syntax(
                messages::duplicate_argument(name),
                loc,
            ));
        }
        let mut val = old | flag;
        if comp_iter_target {
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(CompileError::syntax(
                    messages::named_expr_comp_inner_loop_conflict(name),
                    loc,
                ));
            }
            val |= DEF_COMP_ITER;
        }
        block.add_flags(&mangled, val);
        if flag & DEF_PARAM != 0 {
            block.varnames.push(mangled);
        } else if flag & DEF_GLOBAL != 0 {
            self.blocks[0].add_flags(&mangled, flag);
        }
        Ok(())
    }

    /// `symtable_record_directive`: remember where `name` was declared.
    fn record_directive(&mut self, name: &str, loc: Loc) {
        let mangled = self.mangled(name);
        self.cur().directives.push((mangled, loc));
    }

    fn enter_depth(&mut self, loc: Loc) -> CompileResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(CompileError::syntax(
                "maximum recursion depth exceeded during compilation",
                loc,
            ));
        }
        Ok(())
    }

    fn visit_stmts(&mut self, stmts: &[Stmt]) -> CompileResult<()> {
        stmts.iter().try_for_each(|s| self.visit_stmt(s))
    }

    fn visit_exprs(&mut self, exprs: &[Expr]) -> CompileResult<()> {
        exprs.iter().try_for_each(|e| self.visit_expr(e))
    }

    fn visit_opt(&mut self, expr: Option<&Expr>) -> CompileResult<()> {
        match expr {
            Some(e) => self.visit_expr(e),
            None => Ok(()),
        }
    }

    /// `symtable_visit_stmt`.
    fn visit_stmt(&mut self, s: &Stmt) -> CompileResult<()> {
        self.enter_depth(s.loc)?;
        self.visit_stmt_kind(s)?;
        self.depth -= 1;
        Ok(())
    }

    fn visit_stmt_kind(&mut self, s: &Stmt) -> CompileResult<()> {
        match &s.kind {
            StmtKind::FunctionDef(f) => {
                self.add_def(&f.name, DEF_LOCAL, s.loc)?;
                self.visit_exprs(&f.args.defaults)?;
                self.visit_kw_defaults(&f.args.kw_defaults)?;
                self.visit_annotations(s.loc, &f.args, f.returns.as_ref())?;
                self.visit_exprs(&f.decorator_list)?;
                self.enter_block(&f.name, BlockType::Function, s.loc);
                self.visit_arguments(&f.args)?;
                self.visit_stmts(&f.body)?;
                self.exit_block();
            }
            StmtKind::ClassDef(c) => {
                self.add_def(&c.name, DEF_LOCAL, s.loc)?;
                self.visit_exprs(&c.bases)?;
                for k in &c.keywords {
                    self.visit_expr(&k.value)?;
                }
                self.visit_exprs(&c.decorator_list)?;
                self.enter_block(&c.name, BlockType::Class, s.loc);
                let saved = self.private.replace(c.name.clone());
                let r = self.visit_stmts(&c.body);
                self.private = saved;
                r?;
                self.exit_block();
            }
            StmtKind::Return(value) => {
                if let Some(v) = value {
                    self.visit_expr(v)?;
                    self.cur().returns_value = true;
                }
            }
            StmtKind::Delete(targets) => self.visit_exprs(targets)?,
            StmtKind::Assign { targets, value } => {
                self.visit_exprs(targets)?;
                self.visit_expr(value)?;
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.visit_expr(target)?;
                self.visit_expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                self.visit_ann_assign(s.loc, target, annotation, value.as_ref(), *simple)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.visit_expr(target)?;
                self.visit_expr(iter)?;
                self.visit_stmts(body)?;
                self.visit_stmts(orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.visit_expr(test)?;
                self.visit_stmts(body)?;
                self.visit_stmts(orelse)?;
            }
            StmtKind::Raise { exc, cause } => {
                self.visit_opt(exc.as_ref())?;
                self.visit_opt(cause.as_ref())?;
            }
            StmtKind::Assert { test, msg } => {
                self.visit_expr(test)?;
                self.visit_opt(msg.as_ref())?;
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.visit_stmts(body)?;
                self.visit_stmts(orelse)?;
                for h in handlers {
                    self.visit_handler(h)?;
                }
                self.visit_stmts(finalbody)?;
            }
            StmtKind::Import(names) | StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    self.visit_alias(a)?;
                }
            }
            StmtKind::Global(names) => {
                for name in names {
                    self.visit_directive(name, s.loc, true)?;
                }
            }
            StmtKind::Nonlocal(names) => {
                for name in names {
                    self.visit_directive(name, s.loc, false)?;
                }
            }
            StmtKind::Expr(e) => self.visit_expr(e)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
        Ok(())
    }

    /// The `Global_kind` / `Nonlocal_kind` cases: the message priority is
    /// parameter, use, annotation, assignment; the location the statement.
    fn visit_directive(&mut self, name: &str, loc: Loc, global: bool) -> CompileResult<()> {
        let cur = self.lookup(name);
        if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
            let msg = if cur & DEF_PARAM != 0 {
                if global {
                    messages::global_param(name)
                } else {
                    messages::nonlocal_param(name)
                }
            } else if cur & USE != 0 {
                if global {
                    messages::global_after_use(name)
                } else {
                    messages::nonlocal_after_use(name)
                }
            } else if cur & DEF_ANNOT != 0 {
                if global {
                    messages::global_annot(name)
                } else {
                    messages::nonlocal_annot(name)
                }
            } else if global {
                messages::global_after_assign(name)
            } else {
                messages::nonlocal_after_assign(name)
            };
            return Err(CompileError::syntax(msg, loc));
        }
        let flag = if global { DEF_GLOBAL } else { DEF_NONLOCAL };
        self.add_def(name, flag, loc)?;
        self.record_directive(name, loc);
        Ok(())
    }

    /// The `AnnAssign_kind` case.
    fn visit_ann_assign(
        &mut self,
        loc: Loc,
        target: &Expr,
        annotation: &Expr,
        value: Option<&Expr>,
        simple: bool,
    ) -> CompileResult<()> {
        if let ExprKind::Name { id, .. } = &target.kind {
            let cur = self.lookup(id);
            if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && self.cur_id() != ScopeId(0) && simple {
                let msg = if cur & DEF_GLOBAL != 0 {
                    messages::global_annot(id)
                } else {
                    messages::nonlocal_annot(id)
                };
                return Err(CompileError::syntax(msg, loc));
            }
            if simple {
                self.add_def(id, DEF_ANNOT | DEF_LOCAL, target.loc)?;
            }
            if value.is_some() {
                self.add_def(id, DEF_LOCAL, target.loc)?;
            }
        } else {
            self.visit_expr(target)?;
        }
        self.visit_annotation(annotation)?;
        self.visit_opt(value)
    }

    /// One `except` clause.
    fn visit_handler(&mut self, h: &ExceptHandler) -> CompileResult<()> {
        self.visit_opt(h.type_.as_ref())?;
        if let Some(name) = &h.name {
            self.add_def(name, DEF_LOCAL, h.loc)?;
        }
        self.visit_stmts(&h.body)
    }

    /// `symtable_visit_alias`: `import a.b` binds `a`; `*` only in module code.
    fn visit_alias(&mut self, a: &Alias) -> CompileResult<()> {
        let name = a.asname.as_deref().unwrap_or(&a.name);
        if name == "*" {
            if self.cur().kind != BlockType::Module {
                return Err(CompileError::syntax(
                    messages::import_star_not_at_module_level(),
                    a.loc,
                ));
            }
            return Ok(());
        }
        let store = name.split('.').next().unwrap_or(name);
        self.add_def(store, DEF_IMPORT, a.loc)
    }

    fn visit_kw_defaults(&mut self, kw_defaults: &[Option<Expr>]) -> CompileResult<()> {
        kw_defaults
            .iter()
            .try_for_each(|d| self.visit_opt(d.as_ref()))
    }

    /// `symtable_visit_annotation`: the annotation is evaluated in the
    /// current block, unless `from __future__ import annotations` makes it
    /// a string (then only its errors matter).
    fn visit_annotation(&mut self, annotation: &Expr) -> CompileResult<()> {
        if self.future_annotations {
            self.in_annotation_block(annotation.loc, |v| v.visit_expr(annotation))
        } else {
            self.visit_expr(annotation)
        }
    }

    /// `symtable_visit_annotations`: parameter annotations (positional-only,
    /// positional, `*args`, `**kwargs`, keyword-only), then the return.
    fn visit_annotations(
        &mut self,
        loc: Loc,
        args: &Arguments,
        returns: Option<&Expr>,
    ) -> CompileResult<()> {
        let params = |v: &mut Self| -> CompileResult<()> {
            for a in args.posonlyargs.iter().chain(&args.args) {
                v.visit_opt(ann(a))?;
            }
            v.visit_opt(args.vararg.as_ref().and_then(ann))?;
            v.visit_opt(args.kwarg.as_ref().and_then(ann))?;
            for a in &args.kwonlyargs {
                v.visit_opt(ann(a))?;
            }
            Ok(())
        };
        if self.future_annotations {
            self.in_annotation_block(loc, params)?;
        } else {
            params(self)?;
        }
        match returns {
            Some(r) => self.visit_annotation(r),
            None => Ok(()),
        }
    }

    /// Runs `f` inside a scratch annotation block that is thrown away
    /// afterwards (with `from __future__ import annotations` annotations
    /// bind and use nothing, but their errors are still raised).
    fn in_annotation_block(
        &mut self,
        loc: Loc,
        f: impl FnOnce(&mut Self) -> CompileResult<()>,
    ) -> CompileResult<()> {
        let mark = self.blocks.len();
        let parent = self.cur_id();
        self.enter_block("_annotation", BlockType::Function, loc);
        self.cur_state().annotation = true;
        f(self)?;
        self.exit_block();
        self.blocks.truncate(mark);
        self.state.truncate(mark);
        self.blocks[parent.0 as usize].children.pop();
        self.by_loc.retain(|_, id| (id.0 as usize) < mark);
        Ok(())
    }

    /// `symtable_raise_if_annotation_block`.
    fn raise_if_annotation_block(&mut self, what: &str, loc: Loc) -> CompileResult<()> {
        if self.cur_state().annotation {
            return Err(CompileError::syntax(
                messages::annotation_not_allowed(what),
                loc,
            ));
        }
        Ok(())
    }

    /// `symtable_visit_arguments`: positional-only, positional, keyword-only,
    /// then `*args` and `**kwargs`.
    fn visit_arguments(&mut self, args: &Arguments) -> CompileResult<()> {
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            self.add_def(&a.name, DEF_PARAM, a.loc)?;
        }
        if let Some(a) = &args.vararg {
            self.add_def(&a.name, DEF_PARAM, a.loc)?;
            self.cur().varargs = true;
        }
        if let Some(a) = &args.kwarg {
            self.add_def(&a.name, DEF_PARAM, a.loc)?;
            self.cur().varkeywords = true;
        }
        Ok(())
    }

    /// `symtable_visit_expr`.
    fn visit_expr(&mut self, e: &Expr) -> CompileResult<()> {
        self.enter_depth(e.loc)?;
        self.visit_expr_kind(e)?;
        self.depth -= 1;
        Ok(())
    }

    /// One level of the expression walk. Each arm is a single call so that
    /// this frame stays small (deep `a+a+...` chains recurse through it).
    fn visit_expr_kind(&mut self, e: &Expr) -> CompileResult<()> {
        match &e.kind {
            ExprKind::BoolOp { values, .. } => self.visit_exprs(values),
            ExprKind::NamedExpr { target, value } => self.visit_named_expr(e.loc, target, value),
            ExprKind::BinOp { left, right, .. } => self.visit_two(left, right),
            ExprKind::UnaryOp { operand, .. } => self.visit_expr(operand),
            ExprKind::Lambda { args, body } => self.visit_lambda(e.loc, args, body),
            ExprKind::IfExp { test, body, orelse } => self.visit_three(test, body, orelse),
            ExprKind::Dict { keys, values } => self.visit_dict(keys, values),
            ExprKind::Set(elts) => self.visit_exprs(elts),
            ExprKind::ListComp { elt, generators } => {
                self.handle_comprehension(e.loc, "listcomp", generators, elt, None)
            }
            ExprKind::SetComp { elt, generators } => {
                self.handle_comprehension(e.loc, "setcomp", generators, elt, None)
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.handle_comprehension(e.loc, "dictcomp", generators, key, Some(value)),
            ExprKind::GeneratorExp { elt, generators } => {
                self.handle_comprehension(e.loc, "genexpr", generators, elt, None)
            }
            ExprKind::Yield(value) => self.visit_yield(e.loc, value.as_deref()),
            ExprKind::YieldFrom(value) => self.visit_yield(e.loc, Some(value)),
            ExprKind::Compare {
                left, comparators, ..
            } => self.visit_one_and_many(left, comparators),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.visit_call(func, args, keywords),
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => self.visit_two_opt(Some(value), format_spec.as_deref()),
            ExprKind::JoinedStr(values) => self.visit_exprs(values),
            ExprKind::Constant(_) => Ok(()),
            ExprKind::Attribute { value, .. } => self.visit_expr(value),
            ExprKind::Subscript { value, slice, .. } => self.visit_two(value, slice),
            ExprKind::Starred { value, .. } => self.visit_expr(value),
            ExprKind::Name { id, ctx } => self.visit_name(e.loc, id, *ctx),
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.visit_exprs(elts),
            ExprKind::Slice { lower, upper, step } => {
                self.visit_two_opt(lower.as_deref(), upper.as_deref())?;
                self.visit_opt(step.as_deref())
            }
        }
    }

    fn visit_two(&mut self, a: &Expr, b: &Expr) -> CompileResult<()> {
        self.visit_expr(a)?;
        self.visit_expr(b)
    }

    fn visit_three(&mut self, a: &Expr, b: &Expr, c: &Expr) -> CompileResult<()> {
        self.visit_expr(a)?;
        self.visit_expr(b)?;
        self.visit_expr(c)
    }

    fn visit_two_opt(&mut self, a: Option<&Expr>, b: Option<&Expr>) -> CompileResult<()> {
        self.visit_opt(a)?;
        self.visit_opt(b)
    }

    fn visit_one_and_many(&mut self, a: &Expr, rest: &[Expr]) -> CompileResult<()> {
        self.visit_expr(a)?;
        self.visit_exprs(rest)
    }

    fn visit_dict(&mut self, keys: &[Option<Expr>], values: &[Expr]) -> CompileResult<()> {
        for k in keys {
            self.visit_opt(k.as_ref())?;
        }
        self.visit_exprs(values)
    }

    fn visit_call(
        &mut self,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> CompileResult<()> {
        self.visit_expr(func)?;
        self.visit_exprs(args)?;
        keywords.iter().try_for_each(|k| self.visit_expr(&k.value))
    }

    /// `Lambda_kind`: defaults in the current block, the rest in a block
    /// named `lambda`.
    fn visit_lambda(&mut self, loc: Loc, args: &Arguments, body: &Expr) -> CompileResult<()> {
        self.visit_exprs(&args.defaults)?;
        self.visit_kw_defaults(&args.kw_defaults)?;
        self.enter_block("lambda", BlockType::Function, loc);
        self.visit_arguments(args)?;
        self.visit_expr(body)?;
        self.exit_block();
        Ok(())
    }

    /// `NamedExpr_kind`.
    fn visit_named_expr(&mut self, loc: Loc, target: &Expr, value: &Expr) -> CompileResult<()> {
        self.raise_if_annotation_block("named expression", loc)?;
        self.handle_namedexpr(loc, target, value)
    }

    /// `Yield_kind` / `YieldFrom_kind`.
    fn visit_yield(&mut self, loc: Loc, value: Option<&Expr>) -> CompileResult<()> {
        self.raise_if_annotation_block("yield expression", loc)?;
        self.visit_opt(value)?;
        self.mark_generator(loc)
    }

    /// `Name_kind`: a load is a use, a store or delete a local binding; a
    /// load of `super` in a function also uses `__class__`.
    fn visit_name(&mut self, loc: Loc, id: &str, ctx: ExprContext) -> CompileResult<()> {
        let load = ctx == ExprContext::Load;
        self.add_def(id, if load { USE } else { DEF_LOCAL }, loc)?;
        if load && id == "super" && self.cur().kind == BlockType::Function {
            self.add_def("__class__", USE, loc)?;
        }
        Ok(())
    }

    /// `yield` / `yield from`: the block is a generator; inside a
    /// comprehension that is an error at the `yield`.
    fn mark_generator(&mut self, loc: Loc) -> CompileResult<()> {
        let block = self.cur();
        block.generator = true;
        if block.comprehension {
            return Err(CompileError::syntax(
                messages::yield_inside_comprehension(&block.name),
                loc,
            ));
        }
        Ok(())
    }

    /// `symtable_handle_namedexpr`: the value, then the target; inside a
    /// comprehension the target binds in the nearest enclosing function or
    /// module.
    fn handle_namedexpr(&mut self, loc: Loc, target: &Expr, value: &Expr) -> CompileResult<()> {
        if self.cur_state().comp_iter_expr > 0 {
            return Err(CompileError::syntax(
                messages::named_expr_comp_iter_expr(),
                loc,
            ));
        }
        if self.cur().comprehension {
            self.extend_namedexpr_scope(target)?;
        }
        self.visit_expr(value)?;
        self.visit_expr(target)
    }

    /// `symtable_extend_namedexpr_scope`.
    fn extend_namedexpr_scope(&mut self, target: &Expr) -> CompileResult<()> {
        let ExprKind::Name { id, .. } = &target.kind else {
            return Ok(());
        };
        let loc = target.loc;
        for i in (0..self.stack.len()).rev() {
            let ste = self.stack[i];
            let block = &self.blocks[ste.0 as usize];
            if self.state[ste.0 as usize].annotation {
                // CPython's AnnotationBlock is neither kind: look further out.
                continue;
            }
            if block.comprehension {
                if block.flags_of(id) & DEF_COMP_ITER != 0 {
                    return Err(CompileError::syntax(
                        messages::named_expr_comp_conflict(id),
                        loc,
                    ));
                }
                continue;
            }
            match block.kind {
                BlockType::Function => {
                    let flag = if block.flags_of(id) & DEF_GLOBAL != 0 {
                        DEF_GLOBAL
                    } else {
                        DEF_NONLOCAL
                    };
                    self.add_def(id, flag, loc)?;
                    self.record_directive(id, loc);
                    return self.add_def_in(id, DEF_LOCAL, ste, loc);
                }
                BlockType::Module => {
                    self.add_def(id, DEF_GLOBAL, loc)?;
                    self.record_directive(id, loc);
                    return self.add_def_in(id, DEF_GLOBAL, ste, loc);
                }
                BlockType::Class => {
                    return Err(CompileError::syntax(
                        messages::named_expr_comp_in_class(),
                        loc,
                    ));
                }
            }
        }
        Ok(())
    }

    /// `symtable_handle_comprehension`: the outermost iterable in the
    /// current block, the rest in a new function block with parameter `.0`.
    fn handle_comprehension(
        &mut self,
        loc: Loc,
        name: &str,
        generators: &[Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
    ) -> CompileResult<()> {
        let Some((outermost, rest)) = generators.split_first() else {
            return Ok(());
        };
        self.cur_state().comp_iter_expr += 1;
        self.visit_expr(&outermost.iter)?;
        self.cur_state().comp_iter_expr -= 1;
        self.enter_block(name, BlockType::Function, loc);
        self.cur().comprehension = true;
        self.add_def(".0", DEF_PARAM, loc)?;
        self.cur_state().comp_iter_target = true;
        self.visit_expr(&outermost.target)?;
        self.cur_state().comp_iter_target = false;
        self.visit_exprs(&outermost.ifs)?;
        for g in rest {
            self.visit_comprehension(g)?;
        }
        self.visit_opt(value)?;
        self.visit_expr(elt)?;
        self.cur().generator = name == "genexpr";
        self.exit_block();
        Ok(())
    }

    /// `symtable_visit_comprehension`: an inner `for` clause.
    fn visit_comprehension(&mut self, g: &Comprehension) -> CompileResult<()> {
        self.cur_state().comp_iter_target = true;
        self.visit_expr(&g.target)?;
        self.cur_state().comp_iter_target = false;
        self.cur_state().comp_iter_expr += 1;
        self.visit_expr(&g.iter)?;
        self.cur_state().comp_iter_expr -= 1;
        self.visit_exprs(&g.ifs)
    }
}
