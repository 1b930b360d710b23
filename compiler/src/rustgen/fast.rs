//! Fast paths: small `#[inline(always)]` helpers written once into each
//! generated `__pyfn` module, so the common case — `int` operands, `range`
//! loops, cells holding an `int` — runs without a call into the runtime,
//! without cloning a `Value` through its out-of-line `Clone`, and without a
//! `RefCell` borrow of a `range` iterator per step. Every helper falls back
//! to the runtime call the contract names (`rt::binary_op`, `rt::compare`,
//! `rt::iter`/`rt::next`, `rt::cell_load`), so results and errors are the
//! runtime's whenever the fast path does not apply.
//!
//! Besides the contract's items, the helpers read `rt::Value::Range` and the
//! public fields of `rt::Range` (`start`, `stop`, `step`), and push onto the
//! `Vec` of an `rt::Value::List` for `xs.append(v)`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{CmpOp, Operator};

/// The helper for `a <op> b` (also `a <op>= b` on immutable operands) when
/// it has an `int` fast path.
pub fn binop_helper(op: Operator, inplace: bool) -> Option<TokenStream> {
    Some(match (op, inplace) {
        (Operator::Add, false) => quote!(__pyfn_add),
        (Operator::Sub, false) => quote!(__pyfn_sub),
        (Operator::Mult, false) => quote!(__pyfn_mul),
        (Operator::Add, true) => quote!(__pyfn_iadd),
        (Operator::Sub, true) => quote!(__pyfn_isub),
        (Operator::Mult, true) => quote!(__pyfn_imul),
        _ => return None,
    })
}

/// `(rt::CmpOp::<op>, <the Rust operator on i64>)` for an ordering or
/// equality comparison.
fn cmp_parts(op: CmpOp) -> Option<(TokenStream, TokenStream)> {
    Some(match op {
        CmpOp::Lt => (quote!(rt::CmpOp::Lt), quote!(<)),
        CmpOp::LtE => (quote!(rt::CmpOp::Le), quote!(<=)),
        CmpOp::Gt => (quote!(rt::CmpOp::Gt), quote!(>)),
        CmpOp::GtE => (quote!(rt::CmpOp::Ge), quote!(>=)),
        CmpOp::Eq => (quote!(rt::CmpOp::Eq), quote!(==)),
        CmpOp::NotEq => (quote!(rt::CmpOp::Ne), quote!(!=)),
        _ => return None,
    })
}

/// `left <op> right` as a `bool` (a test of `if`/`while`): `None` when
/// `op` has no fast path.
pub fn compare_test(op: CmpOp, left: &TokenStream, right: &TokenStream) -> Option<TokenStream> {
    let (rt_op, _) = cmp_parts(op)?;
    Some(quote!(__pyfn_test_compare(#rt_op, #left, #right)?))
}

/// `left <op> right` as an `rt::Value`: `None` when `op` has no fast path.
pub fn compare_value(op: CmpOp, left: &TokenStream, right: &TokenStream) -> Option<TokenStream> {
    let (rt_op, _) = cmp_parts(op)?;
    Some(quote!(__pyfn_compare(#rt_op, #left, #right)?))
}

fn arith_helper(
    name: TokenStream,
    rt_op: TokenStream,
    checked: TokenStream,
    inplace: bool,
) -> TokenStream {
    let fallback = if inplace {
        quote!(rt::inplace_op(#rt_op, a, b))
    } else {
        quote!(rt::binary_op(#rt_op, a, b))
    };
    quote! {
        #[inline(always)]
        fn #name(a: &rt::Value, b: &rt::Value) -> rt::PyResult<rt::Value> {
            if let (rt::Value::Int(x), rt::Value::Int(y)) = (a, b) {
                if let ::core::option::Option::Some(r) = x.#checked(*y) {
                    return ::core::result::Result::Ok(rt::Value::Int(r));
                }
            }
            #fallback
        }
    }
}

/// The helpers, spliced once into the generated `__pyfn` module.
pub fn helper_tokens() -> TokenStream {
    let mut out = TokenStream::new();
    for (name, op, checked) in [
        (
            quote!(__pyfn_add),
            quote!(rt::BinOp::Add),
            quote!(checked_add),
        ),
        (
            quote!(__pyfn_sub),
            quote!(rt::BinOp::Sub),
            quote!(checked_sub),
        ),
        (
            quote!(__pyfn_mul),
            quote!(rt::BinOp::Mul),
            quote!(checked_mul),
        ),
    ] {
        out.extend(arith_helper(name, op.clone(), checked.clone(), false));
    }
    for (name, op, checked) in [
        (
            quote!(__pyfn_iadd),
            quote!(rt::BinOp::Add),
            quote!(checked_add),
        ),
        (
            quote!(__pyfn_isub),
            quote!(rt::BinOp::Sub),
            quote!(checked_sub),
        ),
        (
            quote!(__pyfn_imul),
            quote!(rt::BinOp::Mul),
            quote!(checked_mul),
        ),
    ] {
        out.extend(arith_helper(name, op, checked, true));
    }
    out.extend(quote! {
        /// How a guarded block (the body of a `try`, a handler, an `else` or
        /// `finally` block, run as a closure) ended.
        enum __PyfnFlow {
            /// It ran to its end.
            Normal,
            /// `return value`.
            Return(rt::Value),
            /// `break` of the loop with this number.
            Break(u32),
            /// `continue` of the loop with this number.
            Continue(u32),
        }

        /// `int` comparisons inline; anything else through `rt::compare`.
        #[inline(always)]
        fn __pyfn_int_compare(op: rt::CmpOp, a: &rt::Value, b: &rt::Value) -> ::core::option::Option<bool> {
            match (a, b) {
                (rt::Value::Int(x), rt::Value::Int(y)) => ::core::option::Option::Some(match op {
                    rt::CmpOp::Lt => x < y,
                    rt::CmpOp::Le => x <= y,
                    rt::CmpOp::Gt => x > y,
                    rt::CmpOp::Ge => x >= y,
                    rt::CmpOp::Eq => x == y,
                    rt::CmpOp::Ne => x != y,
                }),
                _ => ::core::option::Option::None,
            }
        }

        /// `a <op> b` as a value.
        #[inline(always)]
        fn __pyfn_compare(op: rt::CmpOp, a: &rt::Value, b: &rt::Value) -> rt::PyResult<rt::Value> {
            match __pyfn_int_compare(op, a, b) {
                ::core::option::Option::Some(r) => ::core::result::Result::Ok(rt::Value::Bool(r)),
                ::core::option::Option::None => rt::compare(op, a, b),
            }
        }

        /// `a <op> b` as the test of an `if` or `while`.
        #[inline(always)]
        fn __pyfn_test_compare(op: rt::CmpOp, a: &rt::Value, b: &rt::Value) -> rt::PyResult<bool> {
            match __pyfn_int_compare(op, a, b) {
                ::core::option::Option::Some(r) => ::core::result::Result::Ok(r),
                ::core::option::Option::None => rt::truthy(&rt::compare(op, a, b)?),
            }
        }

        /// A copy of a value: `int`s, functions and lists without the
        /// out-of-line `Clone` of `Value`. The `int` payload goes through
        /// `black_box` so it is read as one 8-byte load: the value was
        /// usually just written as two 8-byte stores (an argument array, a
        /// loop variable), and LLVM would otherwise copy the whole `Value`
        /// with one 16-byte load, which cannot be forwarded from those
        /// stores and stalls (`perf annotate` on W5: half of the loop body).
        #[inline(always)]
        fn __pyfn_clone(v: &rt::Value) -> rt::Value {
            match v {
                rt::Value::Int(i) => rt::Value::Int(::core::hint::black_box(*i)),
                rt::Value::None => rt::Value::None,
                rt::Value::Function(f) => rt::Value::Function(f.clone()),
                rt::Value::List(l) => rt::Value::List(l.clone()),
                other => other.clone(),
            }
        }

        /// `LOAD_DEREF`: the cell's value, `int`s copied inline.
        #[inline(always)]
        fn __pyfn_cell_load(
            cell: &rt::CellRef,
            name: &'static str,
            kind: rt::DerefKind,
        ) -> rt::PyResult<rt::Value> {
            if let ::core::result::Result::Ok(slot) = cell.try_borrow() {
                if let ::core::option::Option::Some(v) = &*slot {
                    return ::core::result::Result::Ok(__pyfn_clone(v));
                }
            }
            rt::cell_load(cell, name, kind)
        }

        /// Drops a value: values without a heap part skip the out-of-line
        /// drop glue.
        #[inline(always)]
        fn __pyfn_discard(v: rt::Value) {
            match v {
                rt::Value::None | rt::Value::Bool(_) | rt::Value::Int(_) | rt::Value::Float(_) => {
                    ::core::mem::forget(v)
                }
                rt::Value::Function(f) => ::core::mem::drop(f),
                rt::Value::List(l) => ::core::mem::drop(l),
                other => ::core::mem::drop(other),
            }
        }

        /// Drops a local's value (see `__pyfn_discard`).
        #[inline(always)]
        fn __pyfn_discard_opt(v: ::core::option::Option<rt::Value>) {
            if let ::core::option::Option::Some(v) = v {
                __pyfn_discard(v);
            }
        }

        /// `STORE_FAST`: binds a plain local, dropping its old value.
        #[inline(always)]
        fn __pyfn_set(slot: &mut ::core::option::Option<rt::Value>, v: rt::Value) {
            __pyfn_discard_opt(slot.replace(v));
        }

        /// `callee(*args)` with the arguments in an array, dropped inline.
        #[inline(always)]
        fn __pyfn_call<const N: usize>(callee: &rt::Value, mut args: [rt::Value; N]) -> rt::PyResult<rt::Value> {
            let result = rt::call(callee, &args);
            __pyfn_discard_args(&mut args);
            ::core::mem::forget(args);
            result
        }

        /// Drops the heap parts of call arguments where they lie: the tag
        /// is read alone, without moving a whole `Value` out of the array
        /// (a 16-byte load of the just-written argument stalls on the two
        /// 8-byte stores that wrote it, `perf annotate` on W1). The array
        /// is then forgotten.
        #[inline(always)]
        fn __pyfn_discard_args(args: &mut [rt::Value]) {
            for v in args.iter_mut() {
                if !matches!(
                    v,
                    rt::Value::None | rt::Value::Bool(_) | rt::Value::Int(_) | rt::Value::Float(_)
                ) {
                    __pyfn_discard(::core::mem::replace(v, rt::Value::None));
                }
            }
        }

        /// `callee(...)` with keyword arguments (the last `kwnames.len()`).
        #[inline(always)]
        fn __pyfn_call_kw<const N: usize>(
            callee: &rt::Value,
            mut args: [rt::Value; N],
            kwnames: &[&str],
        ) -> rt::PyResult<rt::Value> {
            let result = rt::call_kw(callee, &args, kwnames);
            __pyfn_discard_args(&mut args);
            ::core::mem::forget(args);
            result
        }

        /// `obj.<name>(v)`: a list's `append` inline, anything else through
        /// `rt::call_method`.
        #[inline(always)]
        fn __pyfn_call_method1(obj: &rt::Value, name: &str, v: rt::Value) -> rt::PyResult<rt::Value> {
            if let (rt::Value::List(list), "append") = (obj, name) {
                if let ::core::result::Result::Ok(mut items) = list.try_borrow_mut() {
                    items.push(v);
                    return ::core::result::Result::Ok(rt::Value::None);
                }
            }
            rt::call_method(obj, name, &[v])
        }

        /// `<cell>.append(v)`: a list held by the cell is appended to
        /// without taking it out of the cell (pushing runs no Python code);
        /// anything else through `rt::cell_load` and `rt::call_method`.
        #[inline(always)]
        fn __pyfn_cell_append(
            cell: &rt::CellRef,
            name: &'static str,
            kind: rt::DerefKind,
            method: &'static str,
            v: &rt::Value,
        ) -> rt::PyResult<rt::Value> {
            if let ::core::result::Result::Ok(slot) = cell.try_borrow() {
                if let ::core::option::Option::Some(rt::Value::List(list)) = &*slot {
                    if let ::core::result::Result::Ok(mut items) = list.try_borrow_mut() {
                        // An `int` is written from a register (`black_box`
                        // hides that it equals `v`): one 16-byte copy of `v`
                        // stalls on the two 8-byte stores that made it, in
                        // the caller's argument array (`perf annotate`).
                        match v {
                            rt::Value::Int(i) => __pyfn_push_int(&mut items, *::core::hint::black_box(i)),
                            other => items.push(__pyfn_clone(other)),
                        }
                        return ::core::result::Result::Ok(rt::Value::None);
                    }
                }
            }
            let obj = rt::cell_load(cell, name, kind)?;
            let result = __pyfn_call_method1(&obj, method, __pyfn_clone(v));
            __pyfn_discard(obj);
            result
        }

        /// Appends an `int` with two 8-byte stores into the list. With
        /// `push`, LLVM builds the value in a stack slot (two 8-byte stores)
        /// and copies it with one 16-byte load that stalls on them (`perf
        /// annotate` on W5: 60% of the loop); `extend(once(..))` writes in
        /// place. The caller reads the payload through `black_box` for the
        /// same reason (an 8-byte load, not a 16-byte copy of the argument).
        #[inline(always)]
        fn __pyfn_push_int(items: &mut ::std::vec::Vec<rt::Value>, i: i64) {
            items.extend(::core::iter::once(rt::Value::Int(i)));
        }

        /// `STORE_DEREF`: the old value is dropped inline, after the cell
        /// is released.
        #[inline(always)]
        fn __pyfn_cell_store(cell: &rt::CellRef, v: rt::Value) {
            match cell.try_borrow_mut() {
                ::core::result::Result::Ok(mut slot) => {
                    let old = slot.replace(v);
                    ::core::mem::drop(slot);
                    __pyfn_discard_opt(old);
                }
                ::core::result::Result::Err(_) => rt::cell_store(cell, v),
            }
        }

        /// A `for` loop's iterator: a `range` or a list is stepped inline.
        enum __PyfnIter {
            /// The rest of a `range`: the next value, the end, the step.
            Range(i64, i64, i64),
            /// A list and the index of its next item (CPython's list
            /// iterator: items appended during the loop are seen).
            List(rt::Shared<::core::cell::RefCell<::std::vec::Vec<rt::Value>>>, usize),
            /// Any other iterator.
            Any(rt::Value),
        }

        /// `GET_ITER`.
        #[inline(always)]
        fn __pyfn_iter(v: &rt::Value) -> rt::PyResult<__PyfnIter> {
            if let rt::Value::Range(r) = v {
                return ::core::result::Result::Ok(__PyfnIter::Range(r.start, r.stop, r.step));
            }
            if let rt::Value::List(l) = v {
                return ::core::result::Result::Ok(__PyfnIter::List(l.clone(), 0));
            }
            ::core::result::Result::Ok(__PyfnIter::Any(rt::iter(v)?))
        }

        impl __PyfnIter {
            /// `FOR_ITER`: the next item, `None` when exhausted.
            #[inline(always)]
            fn next(&mut self) -> rt::PyResult<::core::option::Option<rt::Value>> {
                match self {
                    __PyfnIter::Range(next, stop, step) => {
                        let more = if *step > 0 { *next < *stop } else { *next > *stop };
                        if !more {
                            return ::core::result::Result::Ok(::core::option::Option::None);
                        }
                        let v = *next;
                        *next = match v.checked_add(*step) {
                            ::core::option::Option::Some(n) => n,
                            ::core::option::Option::None => *stop,
                        };
                        ::core::result::Result::Ok(::core::option::Option::Some(rt::Value::Int(v)))
                    }
                    __PyfnIter::List(list, index) => {
                        // A list is only borrowed mutably inside one runtime
                        // call, never while a loop body runs.
                        let item = match list.try_borrow() {
                            ::core::result::Result::Ok(items) => items.get(*index).map(__pyfn_clone),
                            ::core::result::Result::Err(_) => ::core::option::Option::None,
                        };
                        *index += 1;
                        ::core::result::Result::Ok(item)
                    }
                    __PyfnIter::Any(it) => rt::next(it),
                }
            }
        }
    });
    out
}
