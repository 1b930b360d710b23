//! Expressions (`compiler_visit_expr1` and its helpers in 3.11's
//! `Python/compile.c`), and `compiler_jump_if` for conditions.

use std::borrow::Cow;

use py_fn_bytecode::{Constant, Opcode};

use super::unit::{BlockId, Op};
use super::{Compiler, NameCtx};
use crate::ast::{
    BoolOp, CmpOp, Comprehension, Expr, ExprContext, ExprKind, Keyword, Operator, UnaryOp,
};
use crate::error::{CompileError, CompileResult};
use crate::fold;
use crate::messages;
use crate::symtable::{flags as symflags, BlockType};

/// `STACK_USE_GUIDELINE`.
const STACK_USE_GUIDELINE: usize = 30;

/// The `BINARY_OP` oparg of `op` (`NB_ADD` ...); add 13 for the in-place form.
pub(crate) fn binop_arg(op: Operator) -> u32 {
    match op {
        Operator::Add => 0,
        Operator::BitAnd => 1,
        Operator::FloorDiv => 2,
        Operator::LShift => 3,
        Operator::MatMult => 4,
        Operator::Mult => 5,
        Operator::Mod => 6,
        Operator::BitOr => 7,
        Operator::Pow => 8,
        Operator::RShift => 9,
        Operator::Sub => 10,
        Operator::Div => 11,
        Operator::BitXor => 12,
    }
}

/// The four comprehension kinds (`COMP_LISTCOMP` ...).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

fn has_starred(elts: &[Expr]) -> bool {
    elts.iter()
        .any(|e| matches!(e.kind, ExprKind::Starred { .. }))
}

impl<'a> Compiler<'a> {
    /// `compiler_visit_expr`: compiles `e` at its own location, then restores
    /// the enclosing location.
    pub fn visit_expr(&mut self, e: &Expr) -> CompileResult<()> {
        let old = self.unit.loc;
        self.set_loc(e.loc);
        let r = self.visit_expr1(e);
        self.unit.loc = old;
        r
    }

    /// An iterable of `for`, of a comprehension, or the right operand of
    /// `in` / `not in`: a set display of constants is a `frozenset`
    /// constant there ([`fold::folded_set`]).
    pub fn visit_iter(&mut self, e: &Expr) -> CompileResult<()> {
        match fold::folded_set(e) {
            Some(items) => {
                let c = self.frozenset_const(&items);
                let old = self.unit.loc;
                self.set_loc(e.loc);
                self.load_const(c);
                self.unit.loc = old;
                Ok(())
            }
            None => self.visit_expr(e),
        }
    }

    /// The `frozenset` constant of `items` (source order), its items in
    /// CPython's order.
    fn frozenset_const(&mut self, items: &[Constant]) -> Constant {
        let module = self.module;
        let identifiers = self
            .identifiers
            .get_or_insert_with(|| crate::frozenset::source_identifiers(module));
        Constant::FrozenSet(Cow::Owned(crate::frozenset::frozenset_items(
            items,
            identifiers,
        )))
    }

    /// Visits comparator `i` of a comparison whose operators are `ops`
    /// (the last one is an iterable for `in` / `not in`).
    fn visit_comparator(&mut self, c: &Expr, i: usize, ops: &[CmpOp]) -> CompileResult<()> {
        if i + 1 == ops.len() && matches!(ops.last(), Some(CmpOp::In | CmpOp::NotIn)) {
            self.visit_iter(c)
        } else {
            self.visit_expr(c)
        }
    }

    fn visit_expr1(&mut self, e: &Expr) -> CompileResult<()> {
        if let Some(c) = fold::as_constant(e) {
            self.load_const(c);
            return Ok(());
        }
        match &e.kind {
            ExprKind::BoolOp { op, values } => self.compiler_boolop(*op, values),
            ExprKind::BinOp { left, op, right } => {
                self.visit_expr(left)?;
                self.visit_expr(right)?;
                self.addop_i(Opcode::BINARY_OP, binop_arg(*op));
                Ok(())
            }
            ExprKind::UnaryOp { op, operand } => {
                self.visit_expr(operand)?;
                self.addop(match op {
                    UnaryOp::Invert => Opcode::UNARY_INVERT,
                    UnaryOp::Not => Opcode::UNARY_NOT,
                    UnaryOp::UAdd => Opcode::UNARY_POSITIVE,
                    UnaryOp::USub => Opcode::UNARY_NEGATIVE,
                });
                Ok(())
            }
            ExprKind::Lambda { args, body } => self.compiler_lambda(args, body, e),
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.unit.new_block();
                let next = self.unit.new_block();
                self.compiler_jump_if(test, next, false)?;
                self.visit_expr(body)?;
                self.addop_jump_noline(Op::Jump, end);
                self.unit.use_next_block(next);
                self.visit_expr(orelse)?;
                self.unit.use_next_block(end);
                Ok(())
            }
            ExprKind::Dict { keys, values } => self.compiler_dict(keys, values),
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compiler_compare(left, ops, comparators),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.compiler_call(func, args, keywords),
            ExprKind::Constant(_) => Ok(()),
            ExprKind::Attribute { value, attr, ctx } => {
                self.visit_expr(value)?;
                self.update_start_location_to_match_attr(e, attr);
                match ctx {
                    ExprContext::Load => self.addop_name(Opcode::LOAD_ATTR, attr),
                    ExprContext::Store => self.addop_name(Opcode::STORE_ATTR, attr),
                    ExprContext::Del => self.addop_name(Opcode::DELETE_ATTR, attr),
                }
                Ok(())
            }
            ExprKind::Subscript { value, slice, ctx } => {
                self.visit_expr(value)?;
                self.visit_expr(slice)?;
                self.addop(match ctx {
                    ExprContext::Load => Opcode::BINARY_SUBSCR,
                    ExprContext::Store => Opcode::STORE_SUBSCR,
                    ExprContext::Del => Opcode::DELETE_SUBSCR,
                });
                Ok(())
            }
            ExprKind::Starred { ctx, .. } => match ctx {
                ExprContext::Store => Err(CompileError::syntax(
                    "starred assignment target must be in a list or tuple",
                    e.loc,
                )),
                _ => Err(CompileError::syntax(
                    "can't use starred expression here",
                    e.loc,
                )),
            },
            ExprKind::Name { id, ctx } => self.nameop(id, NameCtx::from(*ctx)),
            ExprKind::List { elts, ctx } => match ctx {
                ExprContext::Store => self.assignment_helper(elts),
                ExprContext::Load => self.starunpack_helper(
                    elts,
                    0,
                    Opcode::BUILD_LIST,
                    Opcode::LIST_APPEND,
                    Opcode::LIST_EXTEND,
                    false,
                ),
                ExprContext::Del => {
                    for x in elts {
                        self.visit_expr(x)?;
                    }
                    Ok(())
                }
            },
            ExprKind::Tuple { elts, ctx } => match ctx {
                ExprContext::Store => self.assignment_helper(elts),
                ExprContext::Load => self.starunpack_helper(
                    elts,
                    0,
                    Opcode::BUILD_LIST,
                    Opcode::LIST_APPEND,
                    Opcode::LIST_EXTEND,
                    true,
                ),
                ExprContext::Del => {
                    for x in elts {
                        self.visit_expr(x)?;
                    }
                    Ok(())
                }
            },
            ExprKind::Slice { lower, upper, step } => {
                let mut n = 2;
                match lower {
                    Some(x) => self.visit_expr(x)?,
                    None => self.load_const(Constant::None),
                }
                match upper {
                    Some(x) => self.visit_expr(x)?,
                    None => self.load_const(Constant::None),
                }
                if let Some(x) = step {
                    n += 1;
                    self.visit_expr(x)?;
                }
                self.addop_i(Opcode::BUILD_SLICE, n);
                Ok(())
            }
            ExprKind::JoinedStr(values) => {
                if values.len() > STACK_USE_GUIDELINE {
                    return Err(CompileError::unsupported(
                        "very long f-strings are",
                        2,
                        e.loc,
                    ));
                }
                for v in values {
                    self.visit_expr(v)?;
                }
                if values.len() != 1 {
                    self.addop_i(Opcode::BUILD_STRING, values.len() as u32);
                }
                Ok(())
            }
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                self.visit_expr(value)?;
                let mut oparg = match *conversion {
                    115 => 1,
                    114 => 2,
                    97 => 3,
                    _ => 0,
                };
                if let Some(spec) = format_spec {
                    self.visit_expr(spec)?;
                    oparg |= 4;
                }
                self.addop_i(Opcode::FORMAT_VALUE, oparg);
                Ok(())
            }
            ExprKind::NamedExpr { .. } => Err(CompileError::unsupported(
                "assignment expressions are",
                2,
                e.loc,
            )),
            ExprKind::Set(elts) => self.starunpack_helper(
                elts,
                0,
                Opcode::BUILD_SET,
                Opcode::SET_ADD,
                Opcode::SET_UPDATE,
                false,
            ),
            ExprKind::ListComp { elt, generators } => {
                self.compiler_comprehension(e, CompKind::List, generators, elt, None)
            }
            ExprKind::SetComp { elt, generators } => {
                self.compiler_comprehension(e, CompKind::Set, generators, elt, None)
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.compiler_comprehension(e, CompKind::Dict, generators, key, Some(value)),
            ExprKind::GeneratorExp { elt, generators } => {
                self.compiler_comprehension(e, CompKind::Gen, generators, elt, None)
            }
            ExprKind::Yield(value) => {
                if self.block_kind() != BlockType::Function {
                    return Err(self.error_here(&messages::yield_outside_function()));
                }
                match value {
                    Some(v) => self.visit_expr(v)?,
                    None => self.load_const(Constant::None),
                }
                self.addop_yield();
                Ok(())
            }
            ExprKind::YieldFrom(value) => {
                if self.block_kind() != BlockType::Function {
                    return Err(self.error_here(&messages::yield_outside_function()));
                }
                self.visit_expr(value)?;
                self.addop(Opcode::GET_YIELD_FROM_ITER);
                self.load_const(Constant::None);
                self.compiler_add_yield_from(false);
                Ok(())
            }
        }
    }

    /// `ADDOP_YIELD`.
    fn addop_yield(&mut self) {
        self.addop(Opcode::YIELD_VALUE);
        self.addop_i(Opcode::RESUME, 1);
    }

    /// `compiler_add_yield_from`: send values into the sub-iterator until
    /// it is exhausted.
    ///
    /// ```text
    /// start:  SEND            exit
    ///         YIELD_VALUE
    ///         RESUME          2 (3 for await)
    ///         JUMP_NO_INTERRUPT start
    /// exit:
    /// ```
    fn compiler_add_yield_from(&mut self, is_await: bool) {
        let start = self.unit.new_block();
        let resume = self.unit.new_block();
        let exit = self.unit.new_block();
        self.unit.use_next_block(start);
        self.addop_jump(Op::Real(Opcode::SEND), exit);
        self.unit.use_next_block(resume);
        self.addop(Opcode::YIELD_VALUE);
        self.addop_i(Opcode::RESUME, if is_await { 3 } else { 2 });
        self.addop_jump(Op::JumpNoInterrupt, start);
        self.unit.use_next_block(exit);
    }

    /// `compiler_error`: a SyntaxError at the current location.
    pub fn error_here(&self, msg: &str) -> CompileError {
        let l = self.unit.loc;
        let loc = crate::ast::Loc {
            line: l.line.max(0) as u32,
            col: l.col.max(0) as u32,
            end_line: l.end_line.max(0) as u32,
            end_col: l.end_col.max(0) as u32,
        };
        CompileError::syntax(msg, loc)
    }

    /// `compiler_comprehension`: the comprehension's own code object, called
    /// with the outermost iterator.
    fn compiler_comprehension(
        &mut self,
        e: &Expr,
        kind: CompKind,
        generators: &[Comprehension],
        elt: &Expr,
        val: Option<&Expr>,
    ) -> CompileResult<()> {
        let Some(outermost) = generators.first() else {
            return Err(self.error_here("comprehension without a for clause"));
        };
        let name = match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Gen => "<genexpr>",
        };
        let scope = self.st.lookup(e.loc).ok_or_else(|| {
            CompileError::syntax(
                "internal error: no symbol table block for this comprehension",
                e.loc,
            )
        })?;
        self.enter_comprehension_scope(scope, name, e.loc.line);
        // After RESUME, the comprehension's code carries its expression's location.
        self.set_loc(e.loc);
        let res = (|| {
            match kind {
                CompKind::List => self.addop_i(Opcode::BUILD_LIST, 0),
                CompKind::Set => self.addop_i(Opcode::BUILD_SET, 0),
                CompKind::Dict => self.addop_i(Opcode::BUILD_MAP, 0),
                CompKind::Gen => {}
            }
            self.comprehension_generator(generators, 0, 0, elt, val, kind)?;
            if kind != CompKind::Gen {
                self.addop(Opcode::RETURN_VALUE);
            }
            Ok(())
        })();
        let code = self.exit_scope_pub(true);
        res?;
        self.make_closure_pub(code, 0)?;
        self.visit_iter(&outermost.iter)?;
        self.addop(Opcode::GET_ITER);
        self.addop_i(Opcode::PRECALL, 0);
        self.addop_i(Opcode::CALL, 0);
        Ok(())
    }

    /// `compiler_sync_comprehension_generator`.
    fn comprehension_generator(
        &mut self,
        generators: &[Comprehension],
        gen_index: usize,
        mut depth: u32,
        elt: &Expr,
        val: Option<&Expr>,
        kind: CompKind,
    ) -> CompileResult<()> {
        let Some(gen) = generators.get(gen_index) else {
            return Ok(());
        };
        let mut start = Some(self.unit.new_block());
        let if_cleanup = self.unit.new_block();
        let anchor = self.unit.new_block();
        if gen_index == 0 {
            self.unit.argcount = 1;
            self.addop_i(Opcode::LOAD_FAST, 0);
        } else {
            let elts = match &gen.iter.kind {
                ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => Some(elts),
                _ => None,
            };
            if let Some(elts) = elts {
                if elts.len() == 1 && !matches!(elts[0].kind, ExprKind::Starred { .. }) {
                    self.visit_expr(&elts[0])?;
                    start = None;
                }
            }
            if start.is_some() {
                self.visit_iter(&gen.iter)?;
                self.addop(Opcode::GET_ITER);
            }
        }
        if let Some(st) = start {
            depth += 1;
            self.unit.use_next_block(st);
            self.addop_jump(Op::Real(Opcode::FOR_ITER), anchor);
        }
        self.visit_expr(&gen.target)?;
        for cond in &gen.ifs {
            self.compiler_jump_if(cond, if_cleanup, false)?;
        }
        if gen_index + 1 < generators.len() {
            self.comprehension_generator(generators, gen_index + 1, depth, elt, val, kind)?;
        } else {
            match kind {
                CompKind::Gen => {
                    self.visit_expr(elt)?;
                    self.addop_yield();
                    self.addop(Opcode::POP_TOP);
                }
                CompKind::List => {
                    self.visit_expr(elt)?;
                    self.addop_i(Opcode::LIST_APPEND, depth + 1);
                }
                CompKind::Set => {
                    self.visit_expr(elt)?;
                    self.addop_i(Opcode::SET_ADD, depth + 1);
                }
                CompKind::Dict => {
                    self.visit_expr(elt)?;
                    if let Some(v) = val {
                        self.visit_expr(v)?;
                    }
                    self.addop_i(Opcode::MAP_ADD, depth + 1);
                }
            }
        }
        self.unit.use_next_block(if_cleanup);
        if let Some(st) = start {
            self.addop_jump(Op::Jump, st);
            self.unit.use_next_block(anchor);
        }
        Ok(())
    }

    /// `compiler_boolop`.
    fn compiler_boolop(&mut self, op: BoolOp, values: &[Expr]) -> CompileResult<()> {
        let jumpi = match op {
            BoolOp::And => Opcode::JUMP_IF_FALSE_OR_POP,
            BoolOp::Or => Opcode::JUMP_IF_TRUE_OR_POP,
        };
        let end = self.unit.new_block();
        let n = values.len().saturating_sub(1);
        for v in values.iter().take(n) {
            self.visit_expr(v)?;
            self.addop_jump(Op::Real(jumpi), end);
            self.unit.next_block();
        }
        if let Some(last) = values.last() {
            self.visit_expr(last)?;
        }
        self.unit.use_next_block(end);
        Ok(())
    }

    fn addop_compare(&mut self, op: CmpOp) {
        match op {
            CmpOp::Is => self.addop_i(Opcode::IS_OP, 0),
            CmpOp::IsNot => self.addop_i(Opcode::IS_OP, 1),
            CmpOp::In => self.addop_i(Opcode::CONTAINS_OP, 0),
            CmpOp::NotIn => self.addop_i(Opcode::CONTAINS_OP, 1),
            CmpOp::Lt => self.addop_i(Opcode::COMPARE_OP, 0),
            CmpOp::LtE => self.addop_i(Opcode::COMPARE_OP, 1),
            CmpOp::Eq => self.addop_i(Opcode::COMPARE_OP, 2),
            CmpOp::NotEq => self.addop_i(Opcode::COMPARE_OP, 3),
            CmpOp::Gt => self.addop_i(Opcode::COMPARE_OP, 4),
            CmpOp::GtE => self.addop_i(Opcode::COMPARE_OP, 5),
        }
    }

    /// `compiler_compare`.
    fn compiler_compare(
        &mut self,
        left: &Expr,
        ops: &[CmpOp],
        comparators: &[Expr],
    ) -> CompileResult<()> {
        self.visit_expr(left)?;
        let n = ops.len().saturating_sub(1);
        if n == 0 {
            if let (Some(c), Some(op)) = (comparators.first(), ops.first()) {
                self.visit_comparator(c, 0, ops)?;
                self.addop_compare(*op);
            }
            return Ok(());
        }
        let cleanup = self.unit.new_block();
        for (c, op) in comparators.iter().zip(ops.iter()).take(n) {
            self.visit_comparator(c, 0, ops)?;
            self.addop_i(Opcode::SWAP, 2);
            self.addop_i(Opcode::COPY, 2);
            self.addop_compare(*op);
            self.addop_jump(Op::Real(Opcode::JUMP_IF_FALSE_OR_POP), cleanup);
            self.unit.next_block();
        }
        if let (Some(c), Some(op)) = (comparators.get(n), ops.get(n)) {
            self.visit_comparator(c, n, ops)?;
            self.addop_compare(*op);
        }
        let end = self.unit.new_block();
        self.addop_jump_noline(Op::Jump, end);
        self.unit.use_next_block(cleanup);
        self.addop_i(Opcode::SWAP, 2);
        self.addop(Opcode::POP_TOP);
        self.unit.use_next_block(end);
        Ok(())
    }

    /// `compiler_jump_if`: jumps to `next` when `e` is `cond`.
    pub fn compiler_jump_if(&mut self, e: &Expr, next: BlockId, cond: bool) -> CompileResult<()> {
        match &e.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.compiler_jump_if(operand, next, !cond),
            ExprKind::BoolOp { op, values } => {
                let cond2 = *op == BoolOp::Or;
                let next2 = if cond2 != cond {
                    self.unit.new_block()
                } else {
                    next
                };
                let n = values.len().saturating_sub(1);
                for v in values.iter().take(n) {
                    self.compiler_jump_if(v, next2, cond2)?;
                }
                if let Some(last) = values.last() {
                    self.compiler_jump_if(last, next, cond)?;
                }
                if next2 != next {
                    self.unit.use_next_block(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.unit.new_block();
                let next2 = self.unit.new_block();
                self.compiler_jump_if(test, next2, false)?;
                self.compiler_jump_if(body, next, cond)?;
                self.addop_jump_noline(Op::Jump, end);
                self.unit.use_next_block(next2);
                self.compiler_jump_if(orelse, next, cond)?;
                self.unit.use_next_block(end);
                return Ok(());
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } if fold::as_constant(e).is_none() => {
                self.set_loc(e.loc);
                let n = ops.len().saturating_sub(1);
                if n > 0 {
                    let cleanup = self.unit.new_block();
                    self.visit_expr(left)?;
                    for (c, op) in comparators.iter().zip(ops.iter()).take(n) {
                        self.visit_expr(c)?;
                        self.addop_i(Opcode::SWAP, 2);
                        self.addop_i(Opcode::COPY, 2);
                        self.addop_compare(*op);
                        self.addop_jump(Op::PopJumpIfFalse, cleanup);
                        self.unit.next_block();
                    }
                    if let (Some(c), Some(op)) = (comparators.get(n), ops.get(n)) {
                        self.visit_comparator(c, n, ops)?;
                        self.addop_compare(*op);
                    }
                    self.addop_jump(
                        if cond {
                            Op::PopJumpIfTrue
                        } else {
                            Op::PopJumpIfFalse
                        },
                        next,
                    );
                    self.unit.next_block();
                    let end = self.unit.new_block();
                    self.addop_jump_noline(Op::Jump, end);
                    self.unit.use_next_block(cleanup);
                    self.addop(Opcode::POP_TOP);
                    if !cond {
                        self.unit.next_block();
                        self.addop_jump_noline(Op::Jump, next);
                    }
                    self.unit.use_next_block(end);
                    return Ok(());
                }
            }
            _ => {}
        }
        self.visit_expr(e)?;
        self.addop_jump(
            if cond {
                Op::PopJumpIfTrue
            } else {
                Op::PopJumpIfFalse
            },
            next,
        );
        self.unit.next_block();
        Ok(())
    }

    /// `compiler_call`.
    fn compiler_call(
        &mut self,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> CompileResult<()> {
        if self.maybe_optimize_method_call(func, args, keywords)? {
            return Ok(());
        }
        let old = self.unit.loc;
        self.set_loc(func.loc);
        self.addop(Opcode::PUSH_NULL);
        self.unit.loc = old;
        self.visit_expr(func)?;
        self.compiler_call_helper(0, args, keywords)
    }

    fn is_import_originated(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name { id, .. } => self
                .st
                .block(self.st.top())
                .symbol(id)
                .map(|s| s.flags & symflags::DEF_IMPORT != 0)
                .unwrap_or(false),
            _ => false,
        }
    }

    /// `maybe_optimize_method_call`: `obj.meth(...)` as `LOAD_METHOD`.
    fn maybe_optimize_method_call(
        &mut self,
        meth: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> CompileResult<bool> {
        let ExprKind::Attribute {
            value,
            attr,
            ctx: ExprContext::Load,
        } = &meth.kind
        else {
            return Ok(false);
        };
        if self.is_import_originated(value) {
            return Ok(false);
        }
        let argsl = args.len();
        let kwdsl = keywords.len();
        if argsl + kwdsl + (kwdsl != 0) as usize >= STACK_USE_GUIDELINE {
            return Ok(false);
        }
        if has_starred(args) || keywords.iter().any(|k| k.arg.is_none()) {
            return Ok(false);
        }
        self.validate_keywords(keywords)?;
        self.visit_expr(value)?;
        let old = self.unit.loc;
        self.set_loc(meth.loc);
        self.update_start_location_to_match_attr(meth, attr);
        self.addop_name(Opcode::LOAD_METHOD, attr);
        for a in args {
            self.visit_expr(a)?;
        }
        if kwdsl > 0 {
            for k in keywords {
                self.visit_expr(&k.value)?;
            }
            self.compiler_call_simple_kw_helper(keywords);
        }
        self.unit.loc = old;
        self.update_start_location_to_match_attr(meth, attr);
        self.addop_i(Opcode::PRECALL, (argsl + kwdsl) as u32);
        self.addop_i(Opcode::CALL, (argsl + kwdsl) as u32);
        self.unit.loc = old;
        Ok(true)
    }

    fn validate_keywords(&mut self, keywords: &[Keyword]) -> CompileResult<()> {
        for (i, k) in keywords.iter().enumerate() {
            let Some(name) = &k.arg else { continue };
            for other in keywords.iter().skip(i + 1) {
                if other.arg.as_deref() == Some(name.as_str()) {
                    return Err(CompileError::syntax(
                        format!("keyword argument repeated: {name}"),
                        other.loc,
                    ));
                }
            }
        }
        Ok(())
    }

    fn compiler_call_simple_kw_helper(&mut self, keywords: &[Keyword]) {
        let names: Vec<Constant> = keywords
            .iter()
            .map(|k| Constant::Str(Cow::Owned(k.arg.clone().unwrap_or_default())))
            .collect();
        let i = self.unit.add_const(Constant::Tuple(Cow::Owned(names)));
        self.addop_i(Opcode::KW_NAMES, i);
    }

    /// `compiler_call_helper`.
    pub(crate) fn compiler_call_helper(
        &mut self,
        n: usize,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> CompileResult<()> {
        self.validate_keywords(keywords)?;
        let nelts = args.len();
        let nkwelts = keywords.len();
        let ex_call = nelts + nkwelts * 2 > STACK_USE_GUIDELINE
            || has_starred(args)
            || keywords.iter().any(|k| k.arg.is_none());
        if !ex_call {
            for a in args {
                self.visit_expr(a)?;
            }
            if nkwelts > 0 {
                for k in keywords {
                    self.visit_expr(&k.value)?;
                }
                self.compiler_call_simple_kw_helper(keywords);
            }
            self.addop_i(Opcode::PRECALL, (n + nelts + nkwelts) as u32);
            self.addop_i(Opcode::CALL, (n + nelts + nkwelts) as u32);
            return Ok(());
        }
        // ex_call
        if n == 0 && nelts == 1 {
            if let ExprKind::Starred { value, .. } = &args[0].kind {
                self.visit_expr(value)?;
            } else {
                self.starunpack_helper(
                    args,
                    n,
                    Opcode::BUILD_LIST,
                    Opcode::LIST_APPEND,
                    Opcode::LIST_EXTEND,
                    true,
                )?;
            }
        } else {
            self.starunpack_helper(
                args,
                n,
                Opcode::BUILD_LIST,
                Opcode::LIST_APPEND,
                Opcode::LIST_EXTEND,
                true,
            )?;
        }
        if nkwelts > 0 {
            let mut have_dict = false;
            let mut nseen = 0;
            for (i, kw) in keywords.iter().enumerate() {
                if kw.arg.is_none() {
                    if nseen > 0 {
                        self.compiler_subkwargs(keywords, i - nseen, i)?;
                        if have_dict {
                            self.addop_i(Opcode::DICT_MERGE, 1);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.addop_i(Opcode::BUILD_MAP, 0);
                        have_dict = true;
                    }
                    self.visit_expr(&kw.value)?;
                    self.addop_i(Opcode::DICT_MERGE, 1);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.compiler_subkwargs(keywords, nkwelts - nseen, nkwelts)?;
                if have_dict {
                    self.addop_i(Opcode::DICT_MERGE, 1);
                }
            }
        }
        self.addop_i(Opcode::CALL_FUNCTION_EX, (nkwelts > 0) as u32);
        Ok(())
    }

    /// `compiler_subkwargs`.
    fn compiler_subkwargs(
        &mut self,
        keywords: &[Keyword],
        begin: usize,
        end: usize,
    ) -> CompileResult<()> {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        let slice = &keywords[begin..end];
        if n > 1 && !big {
            for k in slice {
                self.visit_expr(&k.value)?;
            }
            let keys: Vec<Constant> = slice
                .iter()
                .map(|k| Constant::Str(Cow::Owned(k.arg.clone().unwrap_or_default())))
                .collect();
            self.load_const(Constant::Tuple(Cow::Owned(keys)));
            self.addop_i(Opcode::BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        if big {
            self.unit.push_at(
                Op::Real(Opcode::BUILD_MAP),
                0,
                None,
                super::unit::SrcLoc::NONE,
            );
        }
        for k in slice {
            self.load_const(Constant::Str(Cow::Owned(k.arg.clone().unwrap_or_default())));
            self.visit_expr(&k.value)?;
            if big {
                self.unit.push_at(
                    Op::Real(Opcode::MAP_ADD),
                    1,
                    None,
                    super::unit::SrcLoc::NONE,
                );
            }
        }
        if !big {
            self.addop_i(Opcode::BUILD_MAP, n as u32);
        }
        Ok(())
    }

    /// `starunpack_helper`: builds a list/tuple from `elts`, unpacking starred items.
    fn starunpack_helper(
        &mut self,
        elts: &[Expr],
        pushed: usize,
        build: Opcode,
        add: Opcode,
        extend: Opcode,
        tuple: bool,
    ) -> CompileResult<()> {
        let n = elts.len();
        if n > 2 && elts.iter().all(fold::is_constant) {
            let folded: Vec<Constant> = elts.iter().filter_map(fold::as_constant).collect();
            if tuple && pushed == 0 {
                self.load_const(Constant::Tuple(Cow::Owned(folded)));
            } else {
                let folded = if add == Opcode::SET_ADD {
                    self.frozenset_const(&folded)
                } else {
                    Constant::Tuple(Cow::Owned(folded))
                };
                self.addop_i(build, pushed as u32);
                self.load_const(folded);
                self.addop_i(extend, 1);
                if tuple {
                    self.addop(Opcode::LIST_TO_TUPLE);
                }
            }
            return Ok(());
        }
        let big = n + pushed > STACK_USE_GUIDELINE;
        let seen_star = has_starred(elts);
        if !seen_star && !big {
            for e in elts {
                self.visit_expr(e)?;
            }
            if tuple {
                self.addop_i(Opcode::BUILD_TUPLE, (n + pushed) as u32);
            } else {
                self.addop_i(build, (n + pushed) as u32);
            }
            return Ok(());
        }
        let mut sequence_built = false;
        if big {
            self.addop_i(build, pushed as u32);
            sequence_built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let ExprKind::Starred { value, .. } = &e.kind {
                if !sequence_built {
                    self.addop_i(build, (i + pushed) as u32);
                    sequence_built = true;
                }
                self.visit_expr(value)?;
                self.addop_i(extend, 1);
            } else {
                self.visit_expr(e)?;
                if sequence_built {
                    self.addop_i(add, 1);
                }
            }
        }
        if tuple {
            self.addop(Opcode::LIST_TO_TUPLE);
        }
        Ok(())
    }

    /// `assignment_helper`: `UNPACK_SEQUENCE`/`UNPACK_EX`, then each target.
    fn assignment_helper(&mut self, elts: &[Expr]) -> CompileResult<()> {
        let n = elts.len();
        let mut seen_star = false;
        for (i, e) in elts.iter().enumerate() {
            if matches!(e.kind, ExprKind::Starred { .. }) {
                if seen_star {
                    return Err(self.error_here("multiple starred expressions in assignment"));
                }
                if i >= (1 << 8) {
                    return Err(
                        self.error_here("too many expressions in star-unpacking assignment")
                    );
                }
                self.addop_i(Opcode::UNPACK_EX, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.addop_i(Opcode::UNPACK_SEQUENCE, n as u32);
        }
        for e in elts {
            match &e.kind {
                ExprKind::Starred { value, .. } => self.visit_expr(value)?,
                _ => self.visit_expr(e)?,
            }
        }
        Ok(())
    }

    /// `compiler_dict`.
    fn compiler_dict(&mut self, keys: &[Option<Expr>], values: &[Expr]) -> CompileResult<()> {
        let n = values.len();
        let mut have_dict = false;
        let mut elements = 0usize;
        for i in 0..n {
            let is_unpacking = keys.get(i).map(|k| k.is_none()).unwrap_or(true);
            if is_unpacking {
                if elements > 0 {
                    self.compiler_subdict(keys, values, i - elements, i)?;
                    if have_dict {
                        self.addop_i(Opcode::DICT_UPDATE, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.addop_i(Opcode::BUILD_MAP, 0);
                    have_dict = true;
                }
                self.visit_expr(&values[i])?;
                self.addop_i(Opcode::DICT_UPDATE, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.compiler_subdict(keys, values, i - elements, i + 1)?;
                if have_dict {
                    self.addop_i(Opcode::DICT_UPDATE, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.compiler_subdict(keys, values, n - elements, n)?;
            if have_dict {
                self.addop_i(Opcode::DICT_UPDATE, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.addop_i(Opcode::BUILD_MAP, 0);
        }
        Ok(())
    }

    /// `compiler_subdict`.
    fn compiler_subdict(
        &mut self,
        keys: &[Option<Expr>],
        values: &[Expr],
        begin: usize,
        end: usize,
    ) -> CompileResult<()> {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        let ks = keys.get(begin..end).unwrap_or(&[]);
        let all_const = ks
            .iter()
            .all(|k| k.as_ref().map(fold::is_constant).unwrap_or(false));
        if n > 1 && !big && all_const {
            for v in &values[begin..end] {
                self.visit_expr(v)?;
            }
            let consts: Vec<Constant> = ks
                .iter()
                .filter_map(|k| k.as_ref().and_then(fold::as_constant))
                .collect();
            self.load_const(Constant::Tuple(Cow::Owned(consts)));
            self.addop_i(Opcode::BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        if big {
            self.addop_i(Opcode::BUILD_MAP, 0);
        }
        for (k, v) in ks.iter().zip(values[begin..end].iter()) {
            if let Some(k) = k {
                self.visit_expr(k)?;
            }
            self.visit_expr(v)?;
            if big {
                self.addop_i(Opcode::MAP_ADD, 1);
            }
        }
        if !big {
            self.addop_i(Opcode::BUILD_MAP, n as u32);
        }
        Ok(())
    }
}
