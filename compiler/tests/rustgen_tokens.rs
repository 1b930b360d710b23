//! The Rust back end's output, read as token text. Each program is built as
//! an AST from python3's own `ast` module (`rustgen_fixtures/programs.rs`,
//! made by `rustgen_fixtures/gen_programs.py`), analysed by the symbol
//! table and compiled by codegen; the facts asserted (co_varnames and
//! co_freevars orders, what CPython keeps as code objects, float bits) are
//! python3 3.11's, with the command that printed them.

#[path = "rustgen_fixtures/programs.rs"]
mod programs;

use py_fn_compiler::ast::Module;
use py_fn_compiler::codegen::compile_module;
use py_fn_compiler::error::{CompileError, ErrorKind};
use py_fn_compiler::rustgen::{code_static_tokens, module_tokens, RustgenOptions};
use py_fn_compiler::symtable::SymbolTable;

fn module(src: &str) -> Module {
    programs::programs()
        .into_iter()
        .find(|(s, _)| *s == src)
        .map(|(_, m)| m)
        .unwrap_or_else(|| panic!("program not in programs.txt: {src:?}"))
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The generated tokens of `src`, without whitespace.
fn generate(src: &str) -> Result<String, CompileError> {
    let m = module(src);
    let st = SymbolTable::build(&m)?;
    let code = compile_module(&m, &st, "case.py")?;
    let tokens = module_tokens(&m, &st, &code, &RustgenOptions::default())?;
    Ok(squash(&tokens.to_string()))
}

fn has(out: &str, needle: &str) -> bool {
    out.contains(&squash(needle))
}

#[test]
fn closure_takes_cells_in_co_freevars_order() {
    // python3 -c "exec(open('p.py').read()); print(outer().__code__.co_freevars)"  -> ('a', 'b')
    let out = generate(
        "def outer():\n    a = 1\n    b = 2\n    def inner():\n        return b + a\n    return inner\n",
    )
    .unwrap();
    assert!(has(&out, "[__cell_a.clone(), __cell_b.clone()]"), "{out}");
    assert!(
        has(&out, "let [__free_a, __free_b] = __f.closure() else"),
        "{out}"
    );
    assert!(has(&out, "let __cell_a: rt::CellRef = rt::new_cell();"));
    assert!(has(&out, "pub struct outer;"));
}

#[test]
fn parameters_arrive_in_co_varnames_order() {
    // python3 -c "def f(a, /, b, *args, c, **kw): return a
    // print(f.__code__.co_varnames)"  -> ('a', 'b', 'c', 'args', 'kw')
    let out = generate("def f(a, /, b, *args, c, **kw):\n    return a\n").unwrap();
    assert!(has(&out, "let [a, b, c, args, kw] = __args else"), "{out}");
    // Parameters never rebound stay borrowed from `__args`: no copy, no drop.
    assert!(!has(&out, "let mut kw: rt::Value"), "{out}");
    assert!(has(&out, "return Ok(__pyfn_clone(a));"), "{out}");
}

#[test]
fn a_rebound_parameter_is_copied_and_dropped() {
    let out = generate("def f(a, b):\n    a = b\n    return a\n").unwrap();
    assert!(
        has(&out, "let mut a: rt::Value = __pyfn_clone(a);"),
        "{out}"
    );
    assert!(!has(&out, "let mut b: rt::Value"), "{out}");
    assert!(has(&out, "__pyfn_discard(a); return Ok(__ret);"), "{out}");
}

#[test]
fn parameter_cell_is_initialised_from_the_argument() {
    // python3 -c "def f(x): return lambda: x
    // print(f.__code__.co_cellvars)"  -> ('x',)
    let out = generate("def f(x):\n    return lambda: x\n").unwrap();
    assert!(
        has(
            &out,
            "let __cell_x: rt::CellRef = rt::new_cell(); rt::cell_store(&__cell_x, __pyfn_clone(x));"
        ),
        "{out}"
    );
    assert!(has(
        &out,
        "__pyfn_cell_load(__free_x, \"x\", rt::DerefKind::Free)?"
    ));
}

#[test]
fn declared_and_implicit_globals_go_through_the_namespace() {
    let out = generate("def f():\n    global g\n    g = 1\n    return len\n").unwrap();
    assert!(
        has(&out, "rt::store_global(__g, \"g\", rt::Value::Int(1));"),
        "{out}"
    );
    assert!(
        has(&out, "return Ok(rt::load_global(__g, \"len\")?);"),
        "{out}"
    );
    // Module-level names are STORE_NAME / LOAD_NAME: globals too.
    assert!(
        has(&out, "rt::store_global(__g, \"f\", rt::make_function("),
        "{out}"
    );
}

#[test]
fn class_bodies_are_native_functions_of_their_namespace() {
    let out = generate("class C:\n    def m(self):\n        return 1\n").unwrap();
    // The class statement calls __build_class__ with the body's function...
    assert!(has(&out, "rt::load_build_class()?"), "{out}");
    assert!(
        has(
            &out,
            "rt::make_function(&__PYFN_CODE_1_C, __pyfn_body_1, __g,"
        ),
        "{out}"
    );
    // ...whose native body stores into the namespace it gets as argument.
    assert!(has(&out, "let [__ns] = __args else"), "{out}");
    assert!(
        has(&out, "rt::store_name(__ns, \"m\", rt::make_function("),
        "{out}"
    );
    // Every native body is in the table the interpreter looks in.
    assert!(
        has(&out, "(&__PYFN_CODE_2_m, __pyfn_body_2 as rt::NativeFn)"),
        "{out}"
    );
}

#[test]
fn comprehensions_are_made_and_called_with_the_first_iterator() {
    let out = generate("def f():\n    y = [i for i in range(3)]\n").unwrap();
    assert!(
        has(
            &out,
            "rt::make_function(&__PYFN_CODE_2_listcomp, __pyfn_body_2, __g,"
        ),
        "{out}"
    );
    assert!(
        has(&out, "let __iterator = rt::iter(&__iterable)?;"),
        "{out}"
    );
    // The comprehension's own body loops over its `.0` argument.
    assert!(has(&out, "fn __pyfn_body_2("), "{out}");
}

#[test]
fn subscript_store_evaluates_the_value_first() {
    // python3 -m dis: LOAD_GLOBAL v, CALL, then LOAD_FAST d, LOAD_FAST k, STORE_SUBSCR.
    let out = generate("def f(d, k):\n    d[k] = v()\n").unwrap();
    let value = out.find(&squash("rt::load_global(__g, \"v\")")).unwrap();
    let store = out.find("rt::setitem(").unwrap();
    assert!(value < store, "{out}");
    assert!(
        has(
            &out,
            "rt::setitem(&__pyfn_clone(d), &__pyfn_clone(k), __value_"
        ),
        "{out}"
    );
}

#[test]
fn unreachable_def_gets_no_function_like_cpython() {
    // python3 -c "exec('def g():\n return 1\n def f(): pass'); print(g.__code__.co_consts)"
    // -> (None, 1): CPython drops `f`'s code object.
    let out = generate("def g():\n    return 1\n    def f():\n        pass\n").unwrap();
    assert!(has(&out, "fn __pyfn_body_1("), "{out}");
    assert!(!out.contains("__pyfn_body_2"), "{out}");
}

#[test]
fn rust_keywords_and_reserved_names_become_valid_identifiers() {
    let out = generate("def f(type, self, _):\n    match = type\n    return match\n").unwrap();
    assert!(
        has(&out, "let [r#type, __local_self, __local__] = __args else"),
        "{out}"
    );
    assert!(
        has(&out, "let mut r#match: Option<rt::Value> = None;"),
        "{out}"
    );
    assert!(
        has(
            &out,
            "let __value = __pyfn_clone(r#type); __pyfn_set(&mut r#match, __value);"
        ),
        "{out}"
    );
}

#[test]
fn floats_are_bit_exact_and_big_ints_decimal_text() {
    // python3 -c "import struct; print(struct.unpack('<Q', struct.pack('<d', 3.14))[0])"
    // -> 4614253070214989087
    let out = generate("x = 3.14\ny = 123456789012345678901234567890\n").unwrap();
    assert!(
        has(
            &out,
            "rt::Constant::Float(::core::primitive::f64::from_bits(4614253070214989087u64))"
        ),
        "{out}"
    );
    assert!(has(
        &out,
        "rt::Constant::BigInt(::std::borrow::Cow::Borrowed(\"123456789012345678901234567890\"))"
    ));
    assert!(has(
        &out,
        "rt::Value::bigint_static(\"123456789012345678901234567890\")"
    ));
    assert!(has(&out, "rt::Value::Float(3.14)"));
}

#[test]
fn docstrings_defaults_and_keyword_defaults() {
    let out = generate(
        "\"\"\"The module docstring.\"\"\"\ndef f(a, b=[], *, c=1):\n    \"\"\"Adds.\"\"\"\n    return a + c\n",
    )
    .unwrap();
    assert!(
        has(
            &out,
            "rt::store_global(__g, \"__doc__\", rt::Value::str_static(\"The module docstring.\"));"
        ),
        "{out}"
    );
    assert!(has(&out, "#[doc = \"Adds.\"] #[doc ="), "{out}");
    assert!(has(&out, "rt::Defaults::One(rt::list(vec![]))"), "{out}");
    assert!(
        has(
            &out,
            "Some(rt::dict(vec![(rt::Value::str_static(\"c\"), rt::Value::Int(1))])?)"
        ),
        "{out}"
    );
    assert!(has(&out, "__pyfn_add(a, c)?"), "{out}");
}

#[test]
fn loops_break_continue_and_chained_comparisons() {
    let out = generate(
        "def f(x):\n    while True:\n        if x:\n            break\n        x = x - 1\n    for i in x:\n        continue\n    return 1 < x < 3\n",
    )
    .unwrap();
    assert!(has(&out, ": loop {"), "{out}");
    assert!(has(&out, "if rt::truthy(&x)? { break '__loop_"), "{out}");
    assert!(has(&out, "while let Some(__item_"), "{out}");
    assert!(has(&out, "continue '__loop_"), "{out}");
    // The middle operand is evaluated once, into a temporary.
    assert!(has(&out, "rt::compare(rt::CmpOp::Lt, &__left_"), "{out}");
    assert!(has(&out, "if rt::truthy(&__result_"), "{out}");
}

#[test]
fn augmented_subscript_unpacking_and_boolean_operators() {
    let out = generate("def f(xs):\n    xs[0] += 1\n    a, b = xs\n    return a and b or None\n")
        .unwrap();
    // `+=` on an item goes through the int fast path (`__pyfn_iadd` falls
    // back to `rt::inplace_op`).
    assert!(has(&out, "__pyfn_iadd(&rt::getitem(&__obj_"), "{out}");
    assert!(has(&out, "rt::setitem(&__obj_"), "{out}");
    assert!(has(&out, "rt::unpack(&__value_"), "{out}");
    assert!(has(&out, ", 2usize)?.into_iter();"), "{out}");
}

#[test]
fn star_and_double_star_calls_use_call_ex() {
    let out = generate("def f(xs, m):\n    return print(*xs, sep=\"\", **m)\n").unwrap();
    // A lone `*xs` is passed as it is, like CPython's CALL_FUNCTION_EX.
    assert!(has(&out, "let __positional = __pyfn_clone(xs);"), "{out}");
    // After `**`, keywords merge as CPython's DICT_MERGE (repeats raise).
    assert!(has(&out, "rt::dict_merge(&__callee_"), "{out}");
    assert!(has(&out, "rt::call_ex(&__callee_"), "{out}");
}

#[test]
fn displays_with_unpacking() {
    let out = generate("def f(x):\n    return [x, *x], {\"a\": x, **x}\n").unwrap();
    assert!(
        has(
            &out,
            "rt::list(vec![__pyfn_clone(x)]); rt::list_extend(&__list_"
        ),
        "{out}"
    );
    assert!(
        has(
            &out,
            "rt::dict(vec![(rt::Value::str_static(\"a\"), __pyfn_clone(x))])?; rt::dict_update(&__dict_"
        ),
        "{out}"
    );
}

#[test]
fn nonlocal_reads_and_writes_the_closure_cell() {
    let out = generate(
        "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x += 1\n        return x\n    return g\n",
    )
    .unwrap();
    assert!(has(&out, "__pyfn_cell_store(__free_x, __pyfn_iadd(&__pyfn_cell_load(__free_x, \"x\", rt::DerefKind::Free)?, &rt::Value::Int(1))?);"), "{out}");
    assert!(
        has(&out, "__pyfn_cell_store(&__cell_x, rt::Value::Int(1));"),
        "{out}"
    );
}

#[test]
fn method_calls_skip_the_bound_method() {
    let out = generate("def f(d):\n    return d.get(\"k\", 0), d.keys()\n").unwrap();
    assert!(
        has(
            &out,
            "rt::call_method(d, \"get\", &[rt::Value::str_static(\"k\"), rt::Value::Int(0)])?"
        ),
        "{out}"
    );
    assert!(has(&out, "rt::call_method(d, \"keys\", &[])?"), "{out}");
}

#[test]
fn code_static_tokens_names_nested_code_objects() {
    let m = module("def f(x):\n    return lambda: x\n");
    let st = SymbolTable::build(&m).unwrap();
    let code = compile_module(&m, &st, "case.py").unwrap();
    let ident = proc_macro2::Ident::new("MODULE", proc_macro2::Span::call_site());
    let rt: proc_macro2::TokenStream = "::py_fn::__private::rt".parse().unwrap();
    let out = squash(&code_static_tokens(&ident, &code, &rt).to_string());
    assert!(
        has(&out, "static MODULE: ::py_fn::__private::rt::CodeData"),
        "{out}"
    );
    assert!(has(&out, "static MODULE_1_f:"), "{out}");
    assert!(has(&out, "static MODULE_2_lambda:"), "{out}");
    assert!(
        has(&out, "Code(::std::borrow::Cow::Borrowed(&MODULE_2_lambda))"),
        "{out}"
    );
    assert!(
        has(
            &out,
            "qualname: ::std::borrow::Cow::Borrowed(\"f.<locals>.<lambda>\")"
        ),
        "{out}"
    );
}

#[test]
fn mismatched_inputs_are_errors_never_panics() {
    // Every program's AST paired with every other program's code object.
    let progs = programs::programs();
    let mut built = Vec::new();
    for (_, m) in &progs {
        if let Ok(st) = SymbolTable::build(m) {
            if let Ok(code) = compile_module(m, &st, "case.py") {
                built.push((m, st, code));
            }
        }
    }
    let opts = RustgenOptions::default();
    for (m, st, _) in &built {
        for (_, _, code) in &built {
            let _ = module_tokens(m, st, code, &opts);
        }
    }
}

#[test]
fn loop_else_runs_unless_break_leaves_the_labelled_block() {
    let out = generate(
        "def f(xs):\n    for x in xs:\n        if x:\n            break\n    else:\n        return 0\n    while xs:\n        continue\n    else:\n        pass\n    return 1\n",
    )
    .unwrap();
    // `break` leaves the block around loop and `else`; `continue` restarts the loop.
    assert!(has(&out, "'__loop_else_"), "{out}");
    assert!(has(&out, "{ break '__loop_else_"), "{out}");
    assert!(
        has(
            &out,
            "} { let __ret = rt::Value::Int(0); __pyfn_discard_opt(x); return Ok(__ret); } }"
        ),
        "{out}"
    );
    assert!(has(&out, "continue '__loop_"), "{out}");
}

#[test]
fn top_level_def_that_cannot_be_a_rust_item_is_reported() {
    let err = generate("def self():\n    pass\n").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert_eq!(
        err.msg,
        "a top-level function named 'self' cannot be a Rust item; rename it"
    );
    assert_eq!((err.line, err.col), (1, 0));
}
