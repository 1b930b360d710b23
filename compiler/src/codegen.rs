//! Code generation to CPython 3.11 code objects, following
//! `Python/compile.c`: the AST (after [`crate::fold`]) is walked once per
//! code object, building basic blocks of instructions; [`crate::assemble`]
//! then runs 3.11's CFG passes and writes `co_code` and `co_linetable`.
//!
//! Statements live here; expressions in `expr`; the frame-block stack
//! with `return`/`break`/`continue` in `fblock`; `try`, `raise` and
//! `assert` in `try_stmt`; classes in `class`; imports in `import`;
//! the unit being built in `unit`.

use std::borrow::Cow;

use py_fn_bytecode::{CodeData, Constant, Opcode};

use crate::assemble::{self, ScopeFacts};
use crate::ast::{
    Arguments, Expr, ExprContext, ExprKind, FunctionDef, Loc, Module, Stmt, StmtKind,
};
use crate::error::{CompileError, CompileResult};
use crate::fold;
use crate::symtable::{flags as symflags, mangle, BlockType, Scope, ScopeId, SymbolTable};

mod class;
pub(crate) mod expr;
mod fblock;
mod import;
mod try_stmt;
pub(crate) mod unit;

use unit::{FBlockType, Op, SrcLoc, Unit, UnitKind};

/// Compiles a module (`compile(source, filename, "exec")`) to its code
/// object; nested functions are `Constant::Code` entries of `co_consts`.
pub fn compile_module(
    module: &Module,
    symtable: &SymbolTable,
    filename: &str,
) -> CompileResult<CodeData> {
    let future = crate::future::future_parse(module)?;
    let folded = fold::fold_module(module);
    let top = symtable.top();
    let mut c = Compiler {
        st: symtable,
        filename,
        unit: Unit::new(UnitKind::Module, top, "<module>".to_string(), 1),
        parents: Vec::new(),
        future_lineno: future.lineno,
        module: &folded,
        identifiers: None,
    };
    c.unit.qualname = "<module>".to_string();
    // The module's RESUME sits on line 0.
    c.unit.loc = SrcLoc {
        line: 0,
        end_line: 1,
        col: 0,
        end_col: 0,
    };
    c.addop_i(Opcode::RESUME, 0);
    c.compiler_body(&folded.body)?;
    let unit = std::mem::replace(
        &mut c.unit,
        Unit::new(UnitKind::Module, top, String::new(), 1),
    );
    Ok(assemble::assemble(
        unit,
        true,
        &ScopeFacts { generator: false },
        filename,
    ))
}

/// Which context a name is used in (`expr_context_ty`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameCtx {
    Load,
    Store,
    Del,
}

impl From<ExprContext> for NameCtx {
    fn from(c: ExprContext) -> Self {
        match c {
            ExprContext::Load => NameCtx::Load,
            ExprContext::Store => NameCtx::Store,
            ExprContext::Del => NameCtx::Del,
        }
    }
}

/// The compiler state (`struct compiler`): the unit being built and the
/// stack of enclosing units.
pub(crate) struct Compiler<'a> {
    pub st: &'a SymbolTable,
    pub filename: &'a str,
    pub unit: Unit,
    pub parents: Vec<Unit>,
    /// Line of the last leading `from __future__` import (`ff_lineno`).
    pub future_lineno: u32,
    /// The (folded) module being compiled.
    pub module: &'a Module,
    /// Its identifiers, collected when a frozenset constant needs them.
    pub identifiers: Option<std::collections::HashSet<String>>,
}

impl<'a> Compiler<'a> {
    // ----- emission helpers -------------------------------------------------

    /// `ADDOP`/`ADDOP_I` at the current location.
    pub fn addop_i(&mut self, op: Opcode, arg: u32) {
        self.unit.push(Op::Real(op), arg, None);
    }

    /// `ADDOP` without argument.
    pub fn addop(&mut self, op: Opcode) {
        self.unit.push(Op::Real(op), 0, None);
    }

    /// `ADDOP_JUMP`.
    pub fn addop_jump(&mut self, op: Op, target: unit::BlockId) {
        self.unit.push(op, 0, Some(target));
    }

    /// `ADDOP_JUMP_NOLINE`.
    pub fn addop_jump_noline(&mut self, op: Op, target: unit::BlockId) {
        self.unit.push_at(op, 0, Some(target), SrcLoc::NONE);
    }

    /// `ADDOP` of a pseudo-instruction without target (`POP_BLOCK`).
    pub fn addop_pseudo(&mut self, op: Op) {
        self.unit.push(op, 0, None);
    }

    /// `ADDOP_NOLINE` of a pseudo-instruction without target.
    pub fn addop_pseudo_noline(&mut self, op: Op) {
        self.unit.push_at(op, 0, None, SrcLoc::NONE);
    }

    /// `ADDOP_LOAD_CONST`.
    pub fn load_const(&mut self, c: Constant) {
        let i = self.unit.add_const(c);
        self.addop_i(Opcode::LOAD_CONST, i);
    }

    /// `ADDOP_NAME` into `co_names` (mangled inside a class).
    pub fn addop_name(&mut self, op: Opcode, name: &str) {
        let mangled = self.mangle(name).into_owned();
        let i = self.unit.add_name(&mangled);
        self.addop_i(op, i);
    }

    /// `ADDOP_N` into `co_names`: the name as it is.
    pub fn addop_name_unmangled(&mut self, op: Opcode, name: &str) {
        let i = self.unit.add_name(name);
        self.addop_i(op, i);
    }

    /// `_Py_Mangle(u_private, name)`.
    pub fn mangle<'n>(&self, name: &'n str) -> Cow<'n, str> {
        mangle(self.unit.private.as_deref(), name)
    }

    /// `VISIT_SEQ(c, stmt, ...)`.
    pub fn visit_stmts(&mut self, stmts: &[Stmt]) -> CompileResult<()> {
        stmts.iter().try_for_each(|s| self.visit_stmt(s))
    }

    /// `SET_LOC`.
    pub fn set_loc(&mut self, loc: Loc) {
        self.unit.loc = SrcLoc::from_ast(loc);
    }

    /// The scope of `name` in the current block (`None`: not in the table).
    pub fn scope_of(&self, name: &str) -> Option<Scope> {
        self.st.block(self.unit.scope).scope_of(name)
    }

    pub(crate) fn block_kind(&self) -> BlockType {
        self.st.block(self.unit.scope).kind
    }

    /// `compiler_nameop`.
    pub fn nameop(&mut self, name: &str, ctx: NameCtx) -> CompileResult<()> {
        let mangled = self.mangle(name).into_owned();
        let name = mangled.as_str();
        let scope = self.scope_of(name);
        let is_function = self.block_kind() == BlockType::Function;
        enum OpType {
            Deref(u32),
            Fast,
            Global,
            Name,
        }
        let optype = match scope {
            Some(Scope::Free) => {
                let i = self
                    .unit
                    .freevars
                    .iter()
                    .position(|n| n == name)
                    .unwrap_or(0);
                OpType::Deref((self.unit.cellvars.len() + i) as u32)
            }
            Some(Scope::Cell) => {
                let i = self
                    .unit
                    .cellvars
                    .iter()
                    .position(|n| n == name)
                    .unwrap_or(0);
                OpType::Deref(i as u32)
            }
            Some(Scope::Local) if is_function => OpType::Fast,
            Some(Scope::GlobalImplicit) if is_function => OpType::Global,
            Some(Scope::GlobalExplicit) => OpType::Global,
            _ => OpType::Name,
        };
        match optype {
            OpType::Deref(i) => {
                let op = match ctx {
                    NameCtx::Load => {
                        if self.block_kind() == BlockType::Class {
                            Opcode::LOAD_CLASSDEREF
                        } else {
                            Opcode::LOAD_DEREF
                        }
                    }
                    NameCtx::Store => Opcode::STORE_DEREF,
                    NameCtx::Del => Opcode::DELETE_DEREF,
                };
                self.addop_i(op, i);
            }
            OpType::Fast => {
                let op = match ctx {
                    NameCtx::Load => Opcode::LOAD_FAST,
                    NameCtx::Store => Opcode::STORE_FAST,
                    NameCtx::Del => Opcode::DELETE_FAST,
                };
                let i = self.unit.add_varname(name);
                self.addop_i(op, i);
            }
            OpType::Global => {
                let i = self.unit.add_name(name);
                match ctx {
                    NameCtx::Load => self.addop_i(Opcode::LOAD_GLOBAL, i << 1),
                    NameCtx::Store => self.addop_i(Opcode::STORE_GLOBAL, i),
                    NameCtx::Del => self.addop_i(Opcode::DELETE_GLOBAL, i),
                }
            }
            OpType::Name => {
                let i = self.unit.add_name(name);
                let op = match ctx {
                    NameCtx::Load => Opcode::LOAD_NAME,
                    NameCtx::Store => Opcode::STORE_NAME,
                    NameCtx::Del => Opcode::DELETE_NAME,
                };
                self.addop_i(op, i);
            }
        }
        Ok(())
    }

    // ----- bodies and statements ---------------------------------------------

    /// `compiler_body` for a module or class body: the docstring goes to
    /// `__doc__`.
    pub(crate) fn compiler_body(&mut self, stmts: &[Stmt]) -> CompileResult<()> {
        let Some(first) = stmts.first() else {
            return Ok(());
        };
        if self.unit.kind == UnitKind::Module {
            self.set_loc(first.loc);
        }
        let mut start = 0;
        if let Some(doc) = docstring(stmts) {
            start = 1;
            if let StmtKind::Expr(e) = &first.kind {
                self.visit_expr(e)?;
            } else {
                self.load_const(Constant::Str(Cow::Owned(doc)));
            }
            self.unit.loc = SrcLoc::NONE;
            self.nameop("__doc__", NameCtx::Store)?;
        }
        for s in stmts.iter().skip(start) {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    /// `compiler_visit_stmt`.
    pub fn visit_stmt(&mut self, s: &Stmt) -> CompileResult<()> {
        self.set_loc(s.loc);
        match &s.kind {
            StmtKind::FunctionDef(f) => self.compiler_function(f, s),
            StmtKind::Return(v) => self.compiler_return(v.as_ref(), s),
            StmtKind::Assign { targets, value } => {
                self.visit_expr(value)?;
                let n = targets.len();
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < n {
                        self.addop_i(Opcode::COPY, 1);
                    }
                    self.visit_expr(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => {
                self.compiler_augassign(target, *op, value, s)
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => self.compiler_for(target, iter, body, orelse),
            StmtKind::While { test, body, orelse } => self.compiler_while(test, body, orelse, s),
            StmtKind::If { test, body, orelse } => self.compiler_if(test, body, orelse),
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => Ok(()),
            StmtKind::Expr(e) => self.compiler_visit_stmt_expr(e),
            StmtKind::Pass => {
                self.addop(Opcode::NOP);
                Ok(())
            }
            StmtKind::Break => self.compiler_break(s),
            StmtKind::Continue => self.compiler_continue(s),
            StmtKind::ClassDef(c) => self.compiler_class(c, s),
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.visit_expr(t)?;
                }
                Ok(())
            }
            StmtKind::AnnAssign { .. } => {
                Err(CompileError::unsupported("annotations are", 2, s.loc))
            }
            StmtKind::Raise { exc, cause } => self.compiler_raise(exc.as_ref(), cause.as_ref()),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.compiler_try(body, handlers, orelse, finalbody),
            StmtKind::Assert { test, msg } => self.compiler_assert(test, msg.as_ref()),
            StmtKind::Import(names) => self.compiler_import(names),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.compiler_from_import(module.as_deref(), names, *level, s),
        }
    }

    fn compiler_visit_stmt_expr(&mut self, e: &Expr) -> CompileResult<()> {
        if fold::is_constant(e) {
            self.addop(Opcode::NOP);
            return Ok(());
        }
        self.visit_expr(e)?;
        self.unit.loc = SrcLoc::NONE;
        self.addop(Opcode::POP_TOP);
        Ok(())
    }

    fn compiler_if(&mut self, test: &Expr, body: &[Stmt], orelse: &[Stmt]) -> CompileResult<()> {
        let end = self.unit.new_block();
        let next = if orelse.is_empty() {
            end
        } else {
            self.unit.new_block()
        };
        self.compiler_jump_if(test, next, false)?;
        for s in body {
            self.visit_stmt(s)?;
        }
        if !orelse.is_empty() {
            self.addop_jump_noline(Op::Jump, end);
            self.unit.use_next_block(next);
            for s in orelse {
                self.visit_stmt(s)?;
            }
        }
        self.unit.use_next_block(end);
        Ok(())
    }

    fn compiler_while(
        &mut self,
        test: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
        s: &Stmt,
    ) -> CompileResult<()> {
        let lp = self.unit.new_block();
        let body_b = self.unit.new_block();
        let anchor = self.unit.new_block();
        let end = self.unit.new_block();
        self.unit.use_next_block(lp);
        self.push_fblock(FBlockType::WhileLoop, Some(lp), Some(end))?;
        self.compiler_jump_if(test, anchor, false)?;
        self.unit.use_next_block(body_b);
        for st in body {
            self.visit_stmt(st)?;
        }
        self.set_loc(s.loc);
        self.compiler_jump_if(test, body_b, true)?;
        self.pop_fblock();
        self.unit.use_next_block(anchor);
        for st in orelse {
            self.visit_stmt(st)?;
        }
        self.unit.use_next_block(end);
        Ok(())
    }

    fn compiler_for(
        &mut self,
        target: &Expr,
        iter: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> CompileResult<()> {
        let start = self.unit.new_block();
        let body_b = self.unit.new_block();
        let cleanup = self.unit.new_block();
        let end = self.unit.new_block();
        self.push_fblock(FBlockType::ForLoop, Some(start), Some(end))?;
        self.visit_iter(iter)?;
        self.addop(Opcode::GET_ITER);
        self.unit.use_next_block(start);
        self.addop_jump(Op::Real(Opcode::FOR_ITER), cleanup);
        self.unit.use_next_block(body_b);
        self.visit_expr(target)?;
        for st in body {
            self.visit_stmt(st)?;
        }
        self.unit.loc = SrcLoc::NONE;
        self.addop_jump(Op::Jump, start);
        self.unit.use_next_block(cleanup);
        self.pop_fblock();
        for st in orelse {
            self.visit_stmt(st)?;
        }
        self.unit.use_next_block(end);
        Ok(())
    }

    fn compiler_augassign(
        &mut self,
        target: &Expr,
        op: crate::ast::Operator,
        value: &Expr,
        s: &Stmt,
    ) -> CompileResult<()> {
        let old = self.unit.loc;
        self.set_loc(target.loc);
        match &target.kind {
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                self.visit_expr(obj)?;
                self.addop_i(Opcode::COPY, 1);
                self.update_start_location_to_match_attr(target, attr);
                self.addop_name(Opcode::LOAD_ATTR, attr);
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                self.visit_expr(obj)?;
                self.visit_expr(slice)?;
                self.addop_i(Opcode::COPY, 2);
                self.addop_i(Opcode::COPY, 2);
                self.addop(Opcode::BINARY_SUBSCR);
            }
            ExprKind::Name { id, .. } => {
                self.nameop(id, NameCtx::Load)?;
            }
            _ => {
                return Err(CompileError::syntax(
                    "'expression' is an illegal expression for augmented assignment",
                    target.loc,
                ))
            }
        }
        self.unit.loc = old;
        self.visit_expr(value)?;
        self.addop_i(Opcode::BINARY_OP, expr::binop_arg(op) + 13);
        self.set_loc(target.loc);
        match &target.kind {
            ExprKind::Attribute { attr, .. } => {
                self.update_start_location_to_match_attr(target, attr);
                self.addop_i(Opcode::SWAP, 2);
                self.addop_name(Opcode::STORE_ATTR, attr);
            }
            ExprKind::Subscript { .. } => {
                self.addop_i(Opcode::SWAP, 3);
                self.addop_i(Opcode::SWAP, 2);
                self.addop(Opcode::STORE_SUBSCR);
            }
            ExprKind::Name { id, .. } => {
                self.nameop(id, NameCtx::Store)?;
            }
            _ => {}
        }
        let _ = s;
        Ok(())
    }

    /// `update_start_location_to_match_attr`.
    pub fn update_start_location_to_match_attr(&mut self, attr_expr: &Expr, attr: &str) {
        let end_line = attr_expr.loc.end_line as i32;
        if self.unit.loc.line != end_line {
            self.unit.loc.line = end_line;
            let len = attr.chars().count() as i32;
            if len <= attr_expr.loc.end_col as i32 {
                self.unit.loc.col = attr_expr.loc.end_col as i32 - len;
            } else {
                self.unit.loc.col = -1;
                self.unit.loc.end_col = -1;
            }
            self.unit.loc.end_line = self.unit.loc.end_line.max(self.unit.loc.line);
            if self.unit.loc.line == self.unit.loc.end_line {
                self.unit.loc.end_col = self.unit.loc.end_col.max(self.unit.loc.col);
            }
        }
    }

    // ----- functions -----------------------------------------------------------

    fn compiler_function(&mut self, f: &FunctionDef, s: &Stmt) -> CompileResult<()> {
        if f.returns.is_some() || has_annotations(&f.args) {
            return Err(CompileError::unsupported("annotations are", 2, s.loc));
        }
        self.compiler_decorators(&f.decorator_list)?;
        let firstlineno = f
            .decorator_list
            .first()
            .map(|d| d.loc.line)
            .unwrap_or(s.loc.line);
        let funcflags = self.compiler_default_arguments(&f.args)?;
        let scope = self.child_scope(s.loc)?;
        self.enter_scope(
            UnitKind::Function,
            scope,
            f.name.clone(),
            firstlineno,
            Some(&f.args),
        );
        let doc = docstring(&f.body);
        match &doc {
            Some(d) => self.unit.add_const(Constant::Str(Cow::Owned(d.clone()))),
            None => self.unit.add_const(Constant::None),
        };
        let start = if doc.is_some() { 1 } else { 0 };
        let mut res = Ok(());
        for st in f.body.iter().skip(start) {
            res = self.visit_stmt(st);
            if res.is_err() {
                break;
            }
        }
        let code = self.exit_scope(true);
        res?;
        self.compiler_make_closure(code, funcflags)?;
        self.compiler_apply_decorators(&f.decorator_list);
        self.nameop(&f.name, NameCtx::Store)
    }

    /// `compiler_decorators`: evaluates the decorators, top to bottom.
    pub(crate) fn compiler_decorators(&mut self, decos: &[Expr]) -> CompileResult<()> {
        decos.iter().try_for_each(|d| self.visit_expr(d))
    }

    /// `compiler_apply_decorators`: calls them, bottom to top, each at its
    /// own location.
    pub(crate) fn compiler_apply_decorators(&mut self, decos: &[Expr]) {
        let old = self.unit.loc;
        for d in decos.iter().rev() {
            self.set_loc(d.loc);
            self.addop_i(Opcode::PRECALL, 0);
            self.addop_i(Opcode::CALL, 0);
        }
        self.unit.loc = old;
    }

    /// `compiler_lambda`.
    pub fn compiler_lambda(
        &mut self,
        args: &Arguments,
        body: &Expr,
        e: &Expr,
    ) -> CompileResult<()> {
        if has_annotations(args) {
            return Err(CompileError::unsupported("annotations are", 2, e.loc));
        }
        let funcflags = self.compiler_default_arguments(args)?;
        let scope = self.child_scope(e.loc)?;
        self.enter_scope(
            UnitKind::Lambda,
            scope,
            "<lambda>".to_string(),
            e.loc.line,
            Some(args),
        );
        self.unit.add_const(Constant::None);
        let res = self.visit_expr(body);
        let generator = self.st.block(self.unit.scope).generator;
        if res.is_ok() && !generator {
            self.addop(Opcode::RETURN_VALUE);
        }
        let code = self.exit_scope(!generator);
        res?;
        self.compiler_make_closure(code, funcflags)
    }

    pub(crate) fn child_scope(&self, loc: Loc) -> CompileResult<ScopeId> {
        self.st.lookup(loc).ok_or_else(|| {
            CompileError::syntax(
                "internal error: no symbol table block for this function",
                loc,
            )
        })
    }

    /// `compiler_default_arguments`: pushes the defaults tuple and the
    /// keyword-only defaults dict; returns the `MAKE_FUNCTION` flags.
    fn compiler_default_arguments(&mut self, args: &Arguments) -> CompileResult<u32> {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            for d in &args.defaults {
                self.visit_expr(d)?;
            }
            self.addop_i(Opcode::BUILD_TUPLE, args.defaults.len() as u32);
            flags |= 0x01;
        }
        let mut keys = Vec::new();
        for (arg, default) in args.kwonlyargs.iter().zip(args.kw_defaults.iter()) {
            if let Some(d) = default {
                let key = self.mangle(&arg.name).into_owned();
                keys.push(Constant::Str(Cow::Owned(key)));
                self.visit_expr(d)?;
            }
        }
        if !keys.is_empty() {
            let n = keys.len() as u32;
            self.load_const(Constant::Tuple(Cow::Owned(keys)));
            self.addop_i(Opcode::BUILD_CONST_KEY_MAP, n);
            flags |= 0x02;
        }
        Ok(flags)
    }

    /// `compiler_enter_scope`: a new unit for a function, lambda,
    /// comprehension or class body (`args` for the first three).
    pub(crate) fn enter_scope(
        &mut self,
        kind: UnitKind,
        scope: ScopeId,
        name: String,
        line: u32,
        args: Option<&Arguments>,
    ) {
        let block = self.st.block(scope);
        let mut u = Unit::new(kind, scope, name, line);
        u.varnames = block.varnames.clone();
        let mut cells: Vec<String> = block
            .symbols
            .iter()
            .filter(|s| s.scope == Scope::Cell)
            .map(|s| s.name.clone())
            .collect();
        if block.needs_class_closure {
            // The implicit __class__ cell of a class body.
            cells.push("__class__".to_string());
        }
        cells.sort();
        let mut frees: Vec<String> = block
            .symbols
            .iter()
            .filter(|s| s.scope == Scope::Free || (s.flags & symflags::DEF_FREE_CLASS != 0))
            .map(|s| s.name.clone())
            .collect();
        frees.sort();
        u.cellvars = cells;
        u.freevars = frees;
        if let Some(args) = args {
            u.argcount = args.args.len() as u32;
            u.posonlyargcount = args.posonlyargs.len() as u32;
            u.kwonlyargcount = args.kwonlyargs.len() as u32;
        }
        u.flags = if kind == UnitKind::Class {
            0
        } else {
            assemble::function_flags(
                block.nested,
                block.varargs,
                block.varkeywords,
                block.generator,
            )
        };
        u.private = self.unit.private.clone();
        u.qualname = self.compiler_set_qualname(&u);
        let old = std::mem::replace(&mut self.unit, u);
        self.parents.push(old);
        self.addop_i(Opcode::RESUME, 0);
    }

    /// `compiler_set_qualname`: `outer.<locals>.inner` inside a function,
    /// `Class.method` inside a class, the bare name at module level or
    /// for a function or class declared `global` in its parent.
    fn compiler_set_qualname(&self, u: &Unit) -> String {
        let parent = &self.unit;
        if parent.kind == UnitKind::Module {
            return u.name.clone();
        }
        if matches!(u.kind, UnitKind::Function | UnitKind::Class) {
            let mangled = mangle(parent.private.as_deref(), &u.name);
            if self.st.block(parent.scope).scope_of(&mangled) == Some(Scope::GlobalExplicit) {
                return u.name.clone();
            }
        }
        if matches!(parent.kind, UnitKind::Function | UnitKind::Lambda) {
            format!("{}.<locals>.{}", parent.qualname, u.name)
        } else {
            format!("{}.{}", parent.qualname, u.name)
        }
    }

    /// `compiler_enter_scope` for a comprehension (`.0` is its only parameter).
    pub(crate) fn enter_comprehension_scope(&mut self, scope: ScopeId, name: &str, line: u32) {
        self.enter_scope(
            UnitKind::Comprehension,
            scope,
            name.to_string(),
            line,
            Some(&Arguments::default()),
        );
    }

    /// `exit_scope` for the expression compilers.
    pub(crate) fn exit_scope_pub(&mut self, add_none: bool) -> CodeData {
        self.exit_scope(add_none)
    }

    /// `compiler_make_closure` for the expression compilers.
    pub(crate) fn make_closure_pub(&mut self, code: CodeData, flags: u32) -> CompileResult<()> {
        self.compiler_make_closure(code, flags)
    }

    /// `compiler_exit_scope` after `assemble`: returns the finished code object.
    pub(crate) fn exit_scope(&mut self, add_none: bool) -> CodeData {
        let parent = match self.parents.pop() {
            Some(p) => p,
            None => Unit::new(UnitKind::Module, self.st.top(), String::new(), 1),
        };
        let unit = std::mem::replace(&mut self.unit, parent);
        let generator = self.st.block(unit.scope).generator;
        assemble::assemble(unit, add_none, &ScopeFacts { generator }, self.filename)
    }

    /// `compiler_make_closure`.
    pub(crate) fn compiler_make_closure(
        &mut self,
        code: CodeData,
        mut flags: u32,
    ) -> CompileResult<()> {
        if !code.freevars.is_empty() {
            for name in code.freevars.iter() {
                let name: &str = name;
                // `get_ref_type`: a class's own __class__ is its cell.
                let is_cell = (self.unit.kind == UnitKind::Class && name == "__class__")
                    || self.scope_of(name) == Some(Scope::Cell);
                let arg = if is_cell {
                    self.unit.cellvars.iter().position(|n| n == name)
                } else {
                    self.unit
                        .freevars
                        .iter()
                        .position(|n| n == name)
                        .map(|i| i + self.unit.cellvars.len())
                };
                let arg = arg.unwrap_or(0) as u32;
                self.addop_i(Opcode::LOAD_CLOSURE, arg);
            }
            flags |= 0x08;
            self.addop_i(Opcode::BUILD_TUPLE, code.freevars.len() as u32);
        }
        self.load_const(Constant::Code(Cow::Owned(code)));
        self.addop_i(Opcode::MAKE_FUNCTION, flags);
        Ok(())
    }
}

fn has_annotations(args: &Arguments) -> bool {
    args.posonlyargs
        .iter()
        .chain(args.args.iter())
        .chain(args.kwonlyargs.iter())
        .chain(args.vararg.iter())
        .chain(args.kwarg.iter())
        .any(|a| a.annotation.is_some())
}

/// `_PyAST_GetDocString`: the first statement, when it is a string constant.
fn docstring(body: &[Stmt]) -> Option<String> {
    match body.first().map(|s| &s.kind) {
        Some(StmtKind::Expr(Expr {
            kind: ExprKind::Constant(crate::ast::Constant::Str(s)),
            ..
        })) => Some(s.clone()),
        _ => None,
    }
}
