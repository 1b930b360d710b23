//! Expressions (CPython's `compiler_visit_expr`): each becomes a Rust
//! expression of type `rt::Value`, with `?` where Python can raise, and
//! operands evaluated left to right as CPython evaluates them.

use num_bigint::BigInt;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::frame::{internal, Frame, Gen, Slot};
use super::statics::i64_tokens;
use crate::ast::{BoolOp, CmpOp, Constant, Expr, ExprKind, Keyword, Operator, UnaryOp};
use crate::error::{CompileError, CompileResult};

/// `rt::BinOp::<op>` for a binary or augmented operator.
pub fn binop_tokens(op: Operator) -> TokenStream {
    match op {
        Operator::Add => quote!(rt::BinOp::Add),
        Operator::Sub => quote!(rt::BinOp::Sub),
        Operator::Mult => quote!(rt::BinOp::Mul),
        Operator::MatMult => quote!(rt::BinOp::MatMul),
        Operator::Div => quote!(rt::BinOp::Div),
        Operator::Mod => quote!(rt::BinOp::Mod),
        Operator::Pow => quote!(rt::BinOp::Pow),
        Operator::LShift => quote!(rt::BinOp::LShift),
        Operator::RShift => quote!(rt::BinOp::RShift),
        Operator::BitOr => quote!(rt::BinOp::Or),
        Operator::BitXor => quote!(rt::BinOp::Xor),
        Operator::BitAnd => quote!(rt::BinOp::And),
        Operator::FloorDiv => quote!(rt::BinOp::FloorDiv),
    }
}

/// A Python constant as an `rt::Value` expression.
pub fn constant_value(c: &Constant, loc: crate::ast::Loc) -> CompileResult<TokenStream> {
    Ok(match c {
        Constant::None => quote!(rt::Value::None),
        Constant::Bool(b) => quote!(rt::Value::Bool(#b)),
        Constant::Int(i) => int_value(i),
        Constant::Float(f) => {
            let text = format!("{f:?}");
            if f.is_finite() && text.len() <= 24 {
                let lit = Literal::f64_unsuffixed(*f);
                quote!(rt::Value::Float(#lit))
            } else {
                let f = super::statics::f64_tokens(*f);
                quote!(rt::Value::Float(#f))
            }
        }
        Constant::Str(s) => quote!(rt::Value::str_static(#s)),
        Constant::Complex(_) => {
            return Err(CompileError::unsupported("complex numbers are", 3, loc))
        }
        Constant::Bytes(b) => {
            let lit = Literal::byte_string(b);
            quote!(rt::Value::bytes_static(#lit))
        }
        Constant::Ellipsis => quote!(rt::Value::Ellipsis),
    })
}

fn int_value(i: &BigInt) -> TokenStream {
    match i64::try_from(i) {
        Ok(small) => {
            let lit = i64_tokens(small);
            quote!(rt::Value::Int(#lit))
        }
        Err(_) => {
            let text = i.to_string();
            quote!(rt::Value::bigint_static(#text))
        }
    }
}

/// True when evaluating `e` has no effect other than possibly raising
/// `NameError`/`UnboundLocalError`: constants, names, and a `lambda` whose
/// defaults are such expressions (making a function runs no code).
/// A tuple of `items`: small ones built from an array, in one allocation
/// (`rt::tuple_of`).
pub fn tuple_tokens(items: &[TokenStream]) -> TokenStream {
    if items.len() <= 2 {
        quote!(rt::tuple_of([#(#items),*]))
    } else {
        quote!(rt::tuple(vec![#(#items),*]))
    }
}

fn is_simple(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Constant(_) | ExprKind::Name { .. } => true,
        ExprKind::Lambda { args, .. } => {
            args.defaults.iter().all(is_simple) && args.kw_defaults.iter().flatten().all(is_simple)
        }
        _ => false,
    }
}

impl<'a> Gen<'a> {
    /// `cell.append(param)`: the list is appended to where it lives in its
    /// cell, the parameter copied straight into it (`None` for other
    /// shapes). Only parameters: reading one cannot fail, so raising order
    /// is CPython's (the cell is read first).
    fn cell_append(&self, frame: &Frame<'a>, obj: &Expr, arg: &Expr) -> Option<TokenStream> {
        let (ExprKind::Name { id: obj, .. }, ExprKind::Name { id: item, .. }) =
            (&obj.kind, &arg.kind)
        else {
            return None;
        };
        let item = match frame.slot(item) {
            Slot::Param(id) => quote!(&#id),
            Slot::Arg(id) => quote!(#id),
            _ => return None,
        };
        let (cell, kind) = match frame.slot(obj) {
            Slot::Cell(id) => (quote!(&#id), quote!(rt::DerefKind::Cell)),
            Slot::Free(id) => (quote!(#id), quote!(rt::DerefKind::Free)),
            _ => return None,
        };
        Some(quote!(__pyfn_cell_append(#cell, #obj, #kind, "append", #item)?))
    }

    /// A `&rt::Value` expression for `e`: a parameter is borrowed where it
    /// lives (`&x`); anything else is evaluated into a temporary.
    pub fn expr_ref(&mut self, frame: &mut Frame<'a>, e: &Expr) -> CompileResult<TokenStream> {
        if let ExprKind::Name { id, .. } = &e.kind {
            if let Some(r) = self.name_ref(frame, id) {
                return Ok(r);
            }
        }
        let v = self.expr(frame, e)?;
        Ok(quote!(&#v))
    }

    /// `e` as the test of an `if`, `while` or conditional expression: a
    /// `bool` expression (`?` inside). A single comparison skips the
    /// `bool` object; `not` is folded in.
    pub fn test_bool(&mut self, frame: &mut Frame<'a>, e: &Expr) -> CompileResult<TokenStream> {
        match &e.kind {
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                if let ([op], [right]) = (ops.as_slice(), comparators.as_slice()) {
                    if !matches!(op, CmpOp::In | CmpOp::NotIn) {
                        let l = self.expr_ref(frame, left)?;
                        let r = self.expr_ref(frame, right)?;
                        return Ok(match super::fast::compare_test(*op, &l, &r) {
                            Some(fast) => fast,
                            None => {
                                let v = compare_values(*op, &l, &r);
                                quote!(rt::truthy(&#v)?)
                            }
                        });
                    }
                }
            }
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => {
                let inner = self.test_bool(frame, operand)?;
                return Ok(quote!((!#inner)));
            }
            _ => {}
        }
        let v = self.expr_ref(frame, e)?;
        Ok(quote!(rt::truthy(#v)?))
    }

    /// The tokens of `e` (an `rt::Value` expression).
    ///
    /// A thin dispatcher: each construct is translated by a method of its
    /// own, so that the frame this function keeps on the stack per level
    /// of a deeply nested expression (python3 compiles a 2,992-term
    /// `x + x + ...`) stays small, also in unoptimised builds.
    pub fn expr(&mut self, frame: &mut Frame<'a>, e: &Expr) -> CompileResult<TokenStream> {
        let loc = e.loc;
        match &e.kind {
            ExprKind::Constant(c) => constant_value(c, loc),
            ExprKind::Name { id, .. } => Ok(self.load_name(frame, id)),
            ExprKind::BoolOp { op, values } => self.bool_op(frame, *op, values),
            ExprKind::BinOp { left, op, right } => self.bin_op(frame, left, *op, right),
            ExprKind::UnaryOp { op, operand } => self.unary_op(frame, *op, operand),
            ExprKind::Lambda { args, body } => self.function_value(
                frame,
                "<lambda>",
                loc,
                loc.line,
                args,
                super::function::Body::Lambda(body),
            ),
            ExprKind::IfExp { test, body, orelse } => self.if_exp(frame, test, body, orelse),
            ExprKind::Dict { keys, values } => self.dict_display(frame, keys, values),
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare(frame, left, ops, comparators),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(frame, func, args, keywords),
            ExprKind::Attribute { value, attr, .. } => self.attribute(frame, value, attr),
            ExprKind::Subscript { value, slice, .. } => self.subscript(frame, value, slice),
            ExprKind::Slice { lower, upper, step } => self.slice(frame, lower, upper, step),
            ExprKind::List { elts, .. } => self.sequence_display(frame, elts, false),
            ExprKind::Tuple { elts, .. } => self.sequence_display(frame, elts, true),
            ExprKind::ListComp { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::DictComp { .. }
            | ExprKind::GeneratorExp { .. } => self.comprehension(frame, e),
            ExprKind::JoinedStr(values) => self.joined_str(frame, values),
            ExprKind::Set(elts) => self.set_display(frame, elts),
            _ => Err(untranslated(e)),
        }
    }

    /// `left <op> right`: `int` fast paths for `+ - *`, computed operands
    /// held in temporaries that are dropped inline.
    fn bin_op(
        &mut self,
        frame: &mut Frame<'a>,
        left: &Expr,
        op: Operator,
        right: &Expr,
    ) -> CompileResult<TokenStream> {
        // Only the left operand is translated here (a left-deep chain
        // recurses through it); the rest is in `bin_op_right`.
        let temp_left =
            super::fast::binop_helper(op, false).is_some() && !self.is_ref_operand(frame, left);
        let l = if temp_left {
            self.expr(frame, left)?
        } else {
            self.expr_ref(frame, left)?
        };
        self.bin_op_right(frame, l, temp_left, op, right)
    }

    /// True when `e` is read by reference (a parameter, a plain local or a
    /// constant).
    fn is_ref_operand(&self, frame: &Frame<'a>, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name { id, .. } => self.name_ref(frame, id).is_some(),
            ExprKind::Constant(_) => true,
            _ => false,
        }
    }

    /// The rest of `bin_op` once the left operand's tokens are `l` (an
    /// `rt::Value` to hold in a temporary when `temp_left`, else a
    /// `&rt::Value`).
    fn bin_op_right(
        &mut self,
        frame: &mut Frame<'a>,
        l: TokenStream,
        temp_left: bool,
        op: Operator,
        right: &Expr,
    ) -> CompileResult<TokenStream> {
        let helper = super::fast::binop_helper(op, false);
        if let (Some(helper), true) = (&helper, temp_left) {
            // The left operand (and the right one, evaluated after
            // it) held in temporaries that are dropped inline.
            if self.is_ref_operand(frame, right) {
                let r = self.expr_ref(frame, right)?;
                return Ok(binop_left_temp(helper, l, r));
            }
            let rv = self.expr(frame, right)?;
            return Ok(binop_temps(helper, l, rv));
        }
        let r = self.expr_ref(frame, right)?;
        Ok(binop_refs(op, helper, l, r))
    }

    /// `not x`, `-x`, `+x`, `~x`.
    fn unary_op(
        &mut self,
        frame: &mut Frame<'a>,
        op: UnaryOp,
        operand: &Expr,
    ) -> CompileResult<TokenStream> {
        let v = self.expr_ref(frame, operand)?;
        Ok(match op {
            UnaryOp::Not => quote!(rt::Value::Bool(!rt::truthy(#v)?)),
            UnaryOp::USub => quote!(rt::unary_op(rt::UnaryOp::Neg, #v)?),
            UnaryOp::UAdd => quote!(rt::unary_op(rt::UnaryOp::Pos, #v)?),
            UnaryOp::Invert => quote!(rt::unary_op(rt::UnaryOp::Invert, #v)?),
        })
    }

    /// `body if test else orelse`.
    fn if_exp(
        &mut self,
        frame: &mut Frame<'a>,
        test: &Expr,
        body: &Expr,
        orelse: &Expr,
    ) -> CompileResult<TokenStream> {
        let t = self.test_bool(frame, test)?;
        let b = self.expr(frame, body)?;
        let o = self.expr(frame, orelse)?;
        Ok(quote!((if #t { #b } else { #o })))
    }

    /// `value.attr`.
    fn attribute(
        &mut self,
        frame: &mut Frame<'a>,
        value: &Expr,
        attr: &str,
    ) -> CompileResult<TokenStream> {
        let v = self.expr_ref(frame, value)?;
        Ok(quote!(rt::getattr(#v, #attr)?))
    }

    /// `value[slice]`.
    fn subscript(
        &mut self,
        frame: &mut Frame<'a>,
        value: &Expr,
        slice: &Expr,
    ) -> CompileResult<TokenStream> {
        let v = self.expr_ref(frame, value)?;
        let k = self.expr_ref(frame, slice)?;
        Ok(quote!(rt::getitem(#v, #k)?))
    }

    /// `lower:upper:step` (a missing part is `None`).
    fn slice(
        &mut self,
        frame: &mut Frame<'a>,
        lower: &Option<Box<Expr>>,
        upper: &Option<Box<Expr>>,
        step: &Option<Box<Expr>>,
    ) -> CompileResult<TokenStream> {
        let mut part = |p: &Option<Box<Expr>>| match p {
            Some(p) => self.expr(frame, p),
            None => Ok(quote!(rt::Value::None)),
        };
        let l = part(lower)?;
        let u = part(upper)?;
        let s = part(step)?;
        Ok(quote!(rt::slice(#l, #u, #s)))
    }

    /// `a and b and c` / `a or b`: the value of the operand that decided.
    ///
    /// Flat whatever the number of operands (CPython's `JUMP_IF_*_OR_POP`
    /// chain): one labelled block that each operand but the last leaves
    /// with its own value when it decides,
    /// `('__and_1: { let __value_2 = a; if rt::truthy(&__value_2)? {
    /// __pyfn_discard(__value_2); } else { break '__and_1 __value_2; } ... c })`
    /// (in parentheses: `&'__and_1: ..` would read as a lifetime).
    fn bool_op(
        &mut self,
        frame: &mut Frame<'a>,
        op: BoolOp,
        values: &[Expr],
    ) -> CompileResult<TokenStream> {
        let Some((last, firsts)) = values.split_last() else {
            return Ok(quote!(rt::Value::None));
        };
        if firsts.is_empty() {
            return self.expr(frame, last);
        }
        let label = self.label(match op {
            BoolOp::And => "and",
            BoolOp::Or => "or",
        });
        // Operands in source order (nested code objects are taken in that order).
        let mut body = TokenStream::new();
        for v in firsts {
            let value = self.expr(frame, v)?;
            let tmp = self.temp("value");
            body.extend(match op {
                BoolOp::And => quote! {
                    let #tmp = #value;
                    if rt::truthy(&#tmp)? { __pyfn_discard(#tmp); } else { break #label #tmp; }
                },
                BoolOp::Or => quote! {
                    let #tmp = #value;
                    if rt::truthy(&#tmp)? { break #label #tmp; } else { __pyfn_discard(#tmp); }
                },
            });
        }
        let last = self.expr(frame, last)?;
        Ok(quote!((#label: { #body #last })))
    }

    /// `{k: v, **m}`.
    fn dict_display(
        &mut self,
        frame: &mut Frame<'a>,
        keys: &[Option<Expr>],
        values: &[Expr],
    ) -> CompileResult<TokenStream> {
        let mut leading = Vec::new();
        let mut pairs = keys.iter().zip(values).peekable();
        while let Some((Some(k), v)) = pairs.peek() {
            let k = self.expr(frame, k)?;
            let v = self.expr(frame, v)?;
            leading.push(quote!((#k, #v)));
            pairs.next();
        }
        let base = quote!(rt::dict(vec![#(#leading),*])?);
        if pairs.peek().is_none() {
            return Ok(base);
        }
        let dict = self.temp("dict");
        let mut steps = Vec::new();
        for (k, v) in pairs {
            match k {
                Some(k) => {
                    let k = self.expr(frame, k)?;
                    let v = self.expr(frame, v)?;
                    steps.push(quote!(rt::setitem(&#dict, &#k, #v)?;));
                }
                None => {
                    let m = self.expr(frame, v)?;
                    steps.push(quote!(rt::dict_update(&#dict, &#m)?;));
                }
            }
        }
        Ok(quote!({
            let #dict = #base;
            #(#steps)*
            #dict
        }))
    }

    /// `[a, *b, c]` / `(a, *b, c)`.
    fn sequence_display(
        &mut self,
        frame: &mut Frame<'a>,
        elts: &[Expr],
        tuple: bool,
    ) -> CompileResult<TokenStream> {
        let has_star = elts
            .iter()
            .any(|e| matches!(e.kind, ExprKind::Starred { .. }));
        if !has_star {
            let mut items = Vec::new();
            for e in elts {
                items.push(self.expr(frame, e)?);
            }
            return Ok(if tuple {
                tuple_tokens(&items)
            } else {
                quote!(rt::list(vec![#(#items),*]))
            });
        }
        let list = self.star_list(frame, elts)?;
        Ok(if tuple {
            quote!(__pyfn_list_to_tuple(&#list)?)
        } else {
            list
        })
    }

    /// A list built from elements that may contain `*iterable` (CPython's
    /// `BUILD_LIST` + `LIST_EXTEND` / `LIST_APPEND`).
    fn star_list(&mut self, frame: &mut Frame<'a>, elts: &[Expr]) -> CompileResult<TokenStream> {
        let list = self.temp("list");
        let mut leading = Vec::new();
        let mut iter = elts.iter().peekable();
        while let Some(e) = iter.next_if(|e| !matches!(e.kind, ExprKind::Starred { .. })) {
            leading.push(self.expr(frame, e)?);
        }
        let mut steps = Vec::new();
        for e in iter {
            match &e.kind {
                ExprKind::Starred { value, .. } => {
                    let v = self.expr(frame, value)?;
                    steps.push(quote!(rt::list_extend(&#list, &#v)?;));
                }
                _ => {
                    let v = self.expr(frame, e)?;
                    steps.push(quote!(rt::call_method(&#list, "append", &[#v])?;));
                }
            }
        }
        Ok(quote!({
            let #list = rt::list(vec![#(#leading),*]);
            #(#steps)*
            #list
        }))
    }

    /// Comparisons; a chain evaluates each middle operand once and stops at
    /// the first false result, whose value it returns.
    fn compare(
        &mut self,
        frame: &mut Frame<'a>,
        left: &Expr,
        ops: &[CmpOp],
        comparators: &[Expr],
    ) -> CompileResult<TokenStream> {
        if let ([op], [right]) = (ops, comparators) {
            if let CmpOp::In | CmpOp::NotIn = op {
                let l = self.expr(frame, left)?;
                let r = self.expr(frame, right)?;
                let item = self.temp("item");
                let test = compare_values(*op, &quote!(&#item), &quote!(&#r));
                return Ok(quote!({ let #item = #l; #test }));
            }
            let l = self.expr_ref(frame, left)?;
            let r = self.expr_ref(frame, right)?;
            if let Some(fast) = super::fast::compare_value(*op, &l, &r) {
                return Ok(fast);
            }
            return Ok(compare_values(*op, &l, &r));
        }
        if ops.len() != comparators.len() || ops.is_empty() {
            return Err(internal("comparison without operands", left.loc));
        }
        self.compare_chain(frame, left, ops, comparators)
    }

    /// A chain `a < b < c ...` of two comparisons or more, flat whatever
    /// its length: one labelled block that the first false comparison
    /// leaves with its result; each middle operand is evaluated once, after
    /// the comparison before it succeeded, and kept for the next one.
    fn compare_chain(
        &mut self,
        frame: &mut Frame<'a>,
        left: &Expr,
        ops: &[CmpOp],
        comparators: &[Expr],
    ) -> CompileResult<TokenStream> {
        let (Some((last_op, ops)), Some((last, comparators))) =
            (ops.split_last(), comparators.split_last())
        else {
            return Err(internal("comparison without operands", left.loc));
        };
        let label = self.label("compare");
        let first = self.expr(frame, left)?;
        let mut left_tmp = self.temp("left");
        let mut body = quote!(let #left_tmp = #first;);
        for (op, c) in ops.iter().zip(comparators) {
            let right = self.expr(frame, c)?;
            let right_tmp = self.temp("right");
            let result = self.temp("result");
            let test = compare_values(*op, &quote!(&#left_tmp), &quote!(&#right_tmp));
            body.extend(quote! {
                let #right_tmp = #right;
                let #result = #test;
                if rt::truthy(&#result)? {
                    __pyfn_discard(#result);
                    __pyfn_discard(#left_tmp);
                } else {
                    break #label #result;
                }
            });
            left_tmp = right_tmp;
        }
        let right = self.expr(frame, last)?;
        let right_tmp = self.temp("right");
        let test = compare_values(*last_op, &quote!(&#left_tmp), &quote!(&#right_tmp));
        Ok(quote!((#label: { #body let #right_tmp = #right; #test })))
    }

    /// Calls: `rt::call`, `rt::call_kw`, `rt::call_method` or `rt::call_ex`.
    ///
    /// Each form is written by a method of its own, and their tokens by
    /// functions of their own, so that a chain `f()()()...` or
    /// `o.m().m()...` (nested in the AST) keeps small frames per level.
    fn call(
        &mut self,
        frame: &mut Frame<'a>,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> CompileResult<TokenStream> {
        let has_star = args
            .iter()
            .any(|a| matches!(a.kind, ExprKind::Starred { .. }));
        let has_dstar = keywords.iter().any(|k| k.arg.is_none());
        if has_star || has_dstar {
            return self.call_ex(frame, func, args, keywords, has_star);
        }
        if let ExprKind::Attribute { value, attr, .. } = &func.kind {
            if let Some(call) = self.method_call(frame, value, attr, args, keywords)? {
                return Ok(call);
            }
        }
        if let (ExprKind::Name { id, .. }, true) =
            (&func.kind, args.is_empty() && keywords.is_empty())
        {
            if let Some(call) = self.frame_call(frame, id) {
                return Ok(call);
            }
        }
        self.plain_call(frame, func, args, keywords)
    }

    /// `super()` and `globals()` with no arguments, which read the calling
    /// frame (its first argument and `__class__` cell, its globals): the
    /// runtime calls the builtin with them, or any other callee the name
    /// holds with no arguments.
    fn frame_call(&self, frame: &Frame<'a>, name: &str) -> Option<TokenStream> {
        if !matches!(frame.slot(name), Slot::Global | Slot::Name) {
            return None;
        }
        let callee = self.load_name(frame, name);
        match name {
            "globals" => Some(quote!({
                let __callee: rt::Value = #callee;
                rt::call_globals(&__callee, __g)?
            })),
            "super" => {
                let cell = match frame.slot("__class__") {
                    Slot::Free(id) => quote!(::core::option::Option::Some(#id)),
                    Slot::Cell(id) => quote!(::core::option::Option::Some(&#id)),
                    _ => quote!(::core::option::Option::None),
                };
                let first = match frame.params.first() {
                    Some(p) if !frame.module && !frame.class => {
                        let v = match frame.slot(p) {
                            Slot::Arg(id) => quote!(#id.clone()),
                            Slot::Param(id) => quote!(#id.clone()),
                            Slot::Cell(id) => quote!(match #id.borrow().clone() {
                                ::core::option::Option::Some(v) => v,
                                ::core::option::Option::None => rt::Value::None,
                            }),
                            _ => quote!(rt::Value::None),
                        };
                        quote!(::core::option::Option::Some(#v))
                    }
                    _ => quote!(::core::option::Option::None),
                };
                Some(quote!({
                    let __callee: rt::Value = #callee;
                    let __first: ::core::option::Option<rt::Value> = #first;
                    rt::call_super(&__callee, #cell, __first.as_ref())?
                }))
            }
            _ => None,
        }
    }

    /// `obj.attr(args)` through `rt::call_method` (`append` inline), when
    /// the arguments are simple; `None` otherwise.
    fn method_call(
        &mut self,
        frame: &mut Frame<'a>,
        value: &Expr,
        attr: &str,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> CompileResult<Option<TokenStream>> {
        if let (true, [arg]) = (keywords.is_empty() && attr == "append", args) {
            if let Some(call) = self.cell_append(frame, value, arg) {
                return Ok(Some(call));
            }
            if is_simple(arg) {
                let obj = self.expr_ref(frame, value)?;
                let item = self.expr(frame, arg)?;
                return Ok(Some(call_method1_tokens(obj, attr, item)));
            }
        }
        if keywords.is_empty() && args.iter().all(is_simple) {
            let obj = self.expr_ref(frame, value)?;
            let mut items = Vec::new();
            for a in args {
                items.push(self.expr(frame, a)?);
            }
            return Ok(Some(call_method_tokens(obj, attr, &items)));
        }
        Ok(None)
    }

    /// `f(args, k=v)` without `*` or `**`. Only the callee is translated
    /// here (a chain `f()()()...` recurses through it); the arguments in
    /// `plain_call_args`.
    fn plain_call(
        &mut self,
        frame: &mut Frame<'a>,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> CompileResult<TokenStream> {
        let callee = self.expr_ref(frame, func)?;
        self.plain_call_args(frame, callee, func, args, keywords)
    }

    /// The rest of `plain_call` once the callee's tokens are `callee`.
    fn plain_call_args(
        &mut self,
        frame: &mut Frame<'a>,
        callee: TokenStream,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> CompileResult<TokenStream> {
        let mut items = Vec::new();
        for a in args {
            items.push(self.expr(frame, a)?);
        }
        if keywords.is_empty() {
            if let ExprKind::Name { id, .. } = &func.kind {
                if self.name_ref(frame, id).is_none() {
                    // A callee loaded from a cell or the globals: dropped
                    // inline after the call.
                    let callee = self.load_name(frame, id);
                    return Ok(call_loaded_tokens(callee, &items));
                }
            }
            return Ok(call_tokens(callee, &items));
        }
        let mut names = Vec::new();
        for k in keywords {
            items.push(self.expr(frame, &k.value)?);
            names.push(k.arg.clone().unwrap_or_default());
        }
        Ok(call_kw_tokens(callee, &items, &names))
    }

    /// `f(*args, **kwargs)` (any call with `*` or `**`) through
    /// `rt::call_ex`, as CPython's `CALL_FUNCTION_EX`.
    fn call_ex(
        &mut self,
        frame: &mut Frame<'a>,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
        has_star: bool,
    ) -> CompileResult<TokenStream> {
        let callee_tmp = self.temp("callee");
        let callee = self.expr(frame, func)?;
        let positional = if !has_star {
            let mut items = Vec::new();
            for a in args {
                items.push(self.expr(frame, a)?);
            }
            tuple_tokens(&items)
        } else if let [Expr {
            kind: ExprKind::Starred { value, .. },
            ..
        }] = args
        {
            // `f(*xs)`: the iterable itself, as CPython's CALL_FUNCTION_EX
            // takes it (`rt::call_ex` accepts any iterable).
            self.expr(frame, value)?
        } else {
            // `rt::call_ex` accepts the list as it accepts any iterable.
            self.star_list(frame, args)?
        };
        let kwargs = if keywords.is_empty() {
            quote!(None)
        } else {
            let dict = self.temp("kwargs");
            let mut leading = Vec::new();
            let mut iter = keywords.iter().peekable();
            while let Some(k) = iter.next_if(|k| k.arg.is_some()) {
                let name = k.arg.clone().unwrap_or_default();
                let v = self.expr(frame, &k.value)?;
                leading.push(quote!((rt::Value::str_static(#name), #v)));
            }
            let mut steps = Vec::new();
            // After the first `**`, CPython merges (`DICT_MERGE`): a repeated
            // keyword is a TypeError naming the callee.
            for k in iter {
                let v = self.expr(frame, &k.value)?;
                match &k.arg {
                    Some(name) => steps.push(quote!(rt::dict_merge(
                        &#callee_tmp,
                        &#dict,
                        &rt::dict(vec![(rt::Value::str_static(#name), #v)])?,
                    )?;)),
                    None => steps.push(quote!(rt::dict_merge(&#callee_tmp, &#dict, &#v)?;)),
                }
            }
            quote!(Some({
                let #dict = rt::dict(vec![#(#leading),*])?;
                #(#steps)*
                #dict
            }))
        };
        Ok(quote!({
            let #callee_tmp = #callee;
            let __positional = #positional;
            rt::call_ex(&#callee_tmp, __positional, #kwargs)?
        }))
    }
}

/// `left <op> right` on `&rt::Value` operands that are already evaluated (or whose
/// evaluation order does not matter here).
fn compare_values(op: CmpOp, left: &TokenStream, right: &TokenStream) -> TokenStream {
    match op {
        CmpOp::Eq => quote!(rt::compare(rt::CmpOp::Eq, #left, #right)?),
        CmpOp::NotEq => quote!(rt::compare(rt::CmpOp::Ne, #left, #right)?),
        CmpOp::Lt => quote!(rt::compare(rt::CmpOp::Lt, #left, #right)?),
        CmpOp::LtE => quote!(rt::compare(rt::CmpOp::Le, #left, #right)?),
        CmpOp::Gt => quote!(rt::compare(rt::CmpOp::Gt, #left, #right)?),
        CmpOp::GtE => quote!(rt::compare(rt::CmpOp::Ge, #left, #right)?),
        CmpOp::Is => quote!(rt::Value::Bool(rt::is(#left, #right))),
        CmpOp::IsNot => quote!(rt::Value::Bool(!rt::is(#left, #right))),
        CmpOp::In => quote!(rt::Value::Bool(rt::contains(#right, #left)?)),
        CmpOp::NotIn => quote!(rt::Value::Bool(!rt::contains(#right, #left)?)),
    }
}

/// `obj.attr(item)`.
#[inline(never)]
fn call_method1_tokens(obj: TokenStream, attr: &str, item: TokenStream) -> TokenStream {
    quote!(__pyfn_call_method1(#obj, #attr, #item)?)
}

/// `obj.attr(items)`.
#[inline(never)]
fn call_method_tokens(obj: TokenStream, attr: &str, items: &[TokenStream]) -> TokenStream {
    quote!(rt::call_method(#obj, #attr, &[#(#items),*])?)
}

/// `callee(items)`, the callee a value loaded for the call (dropped inline).
#[inline(never)]
fn call_loaded_tokens(callee: TokenStream, items: &[TokenStream]) -> TokenStream {
    quote!({
        let __callee = #callee;
        let __result = __pyfn_call(&__callee, [#(#items),*]);
        __pyfn_discard(__callee);
        __result?
    })
}

/// `callee(items)`, the callee a `&rt::Value` expression.
#[inline(never)]
fn call_tokens(callee: TokenStream, items: &[TokenStream]) -> TokenStream {
    quote!(__pyfn_call(#callee, [#(#items),*])?)
}

/// `callee(items)` whose last `names.len()` items are keyword arguments.
#[inline(never)]
fn call_kw_tokens(callee: TokenStream, items: &[TokenStream], names: &[String]) -> TokenStream {
    quote!(__pyfn_call_kw(#callee, [#(#items),*], &[#(#names),*])?)
}

// The tokens of `bin_op`, written by functions of their own so that the
// frame `bin_op` keeps per level of a nested `x + x + ...` stays small.

/// `lv <op> r` with `lv` computed into a temporary and `r` a reference.
#[inline(never)]
fn binop_left_temp(helper: &TokenStream, lv: TokenStream, r: TokenStream) -> TokenStream {
    quote!({
        let __l = #lv;
        let __o = #helper(&__l, #r);
        __pyfn_discard(__l);
        __o?
    })
}

/// `lv <op> rv`, both computed into temporaries.
#[inline(never)]
fn binop_temps(helper: &TokenStream, lv: TokenStream, rv: TokenStream) -> TokenStream {
    quote!({
        let __l = #lv;
        let __r = #rv;
        let __o = #helper(&__l, &__r);
        __pyfn_discard(__l);
        __pyfn_discard(__r);
        __o?
    })
}

/// `l <op> r` on two `&rt::Value` expressions.
#[inline(never)]
fn binop_refs(
    op: Operator,
    helper: Option<TokenStream>,
    l: TokenStream,
    r: TokenStream,
) -> TokenStream {
    if let Some(helper) = helper {
        return quote!(#helper(#l, #r)?);
    }
    let op = binop_tokens(op);
    quote!(rt::binary_op(#op, #l, #r)?)
}

/// The error for an expression the back end does not translate: a
/// starred expression outside a display or call (CPython's SyntaxError),
/// or a construct of a later tier of the subset.
fn untranslated(e: &Expr) -> CompileError {
    let loc = e.loc;
    match &e.kind {
        ExprKind::Starred { .. } => CompileError::syntax("can't use starred expression here", loc),
        ExprKind::NamedExpr { .. } => {
            CompileError::unsupported("assignment expressions (`:=`) are", 2, loc)
        }
        ExprKind::Set(_) => CompileError::unsupported("set displays are", 2, loc),
        ExprKind::ListComp { .. }
        | ExprKind::SetComp { .. }
        | ExprKind::DictComp { .. }
        | ExprKind::GeneratorExp { .. } => CompileError::unsupported("comprehensions are", 2, loc),
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => {
            CompileError::unsupported("yield expressions are", 3, loc)
        }
        ExprKind::FormattedValue { .. } | ExprKind::JoinedStr(_) => {
            CompileError::unsupported("f-strings are", 2, loc)
        }
        _ => internal("an expression without a translation", loc),
    }
}
