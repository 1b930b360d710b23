//! Code objects as data: `code.replace`, `types.CodeType`,
//! `types.FunctionType` and `f.__code__ = ...` check their arguments as
//! CPython 3.11 does, with its error texts (each expected text below is what
//! python3 3.11.7 printed for the same call), and patched code either runs
//! or is rejected by the verifier with an exception — never a crash.

use std::rc::Rc;

use py_fn_runtime::{
    call, call_kw, getattr, import_name, setattr, vm, Code, Globals, PyResult, Value,
};

const SOURCE: &str = "\
def f(a, b=1):
    x = 1
    def g():
        return x
    return g

def mk(a):
    def inner(x=1):
        return a + x
    return inner

i = mk(1)

def plain(y):
    return y + 40
";

/// The module above, run on the interpreter.
fn module() -> Globals {
    let data = py_fn_compiler::compile(SOURCE, "m.py").expect("compiles");
    let g = Globals::new("__main__");
    vm::run_code(&Code::from_owned(Rc::new(data)), &g).expect("runs");
    g
}

fn global(g: &Globals, name: &str) -> Value {
    g.get(name).expect("defined")
}

fn text(r: PyResult<Value>) -> String {
    match r {
        Ok(v) => format!("ok {}", v.repr()),
        Err(e) => e.to_string(),
    }
}

fn tuple(items: Vec<Value>) -> Value {
    py_fn_runtime::tuple(items)
}

fn strs(items: &[&str]) -> Value {
    tuple(items.iter().map(|s| Value::str(*s)).collect())
}

fn bytes(b: &[u8]) -> Value {
    Value::Bytes(Rc::new(b.to_vec()))
}

fn types_attr(name: &str) -> Value {
    let types = import_name("types", &Value::None, 0).expect("types");
    getattr(&types, name).expect("in types")
}

#[test]
fn replace_checks_its_arguments_like_cpython() {
    let g = module();
    let code = getattr(&global(&g, "f"), "__code__").unwrap();
    let replace = getattr(&code, "replace").unwrap();
    let kw = |name: &str, v: Value| text(call_kw(&replace, &[v], &[name]));
    let big = Value::Int(1 << 31);
    let cases: Vec<(String, &str)> = vec![
        (
            text(call(&replace, &[Value::Int(1)])),
            "TypeError: replace() takes no positional arguments",
        ),
        (
            kw("co_argcount", Value::str("x")),
            "TypeError: 'str' object cannot be interpreted as an integer",
        ),
        (
            kw("co_argcount", Value::Int(-1)),
            "ValueError: co_argcount must be a positive integer",
        ),
        (
            kw("co_argcount", big),
            "OverflowError: Python int too large to convert to C int",
        ),
        (
            kw("co_code", Value::str("abc")),
            "TypeError: replace() argument 'co_code' must be bytes, not str",
        ),
        (
            kw("co_code", bytes(b"abc")),
            "ValueError: code: co_code is malformed",
        ),
        (
            kw("co_consts", py_fn_runtime::list(vec![Value::Int(1)])),
            "TypeError: replace() argument 'co_consts' must be tuple, not list",
        ),
        (
            kw("co_names", tuple(vec![Value::str("a"), Value::Int(1)])),
            "SystemError: non-string found in code slot",
        ),
        (
            kw("co_varnames", strs(&["a"])),
            "ValueError: code: co_varnames is too small",
        ),
        (
            kw("co_varnames", strs(&["a", "b", "c", "d"])),
            "ValueError: code: co_nlocals != len(co_varnames)",
        ),
        (
            kw("co_name", Value::Int(1)),
            "TypeError: replace() argument 'co_name' must be str, not int",
        ),
        (
            kw("co_linetable", Value::str("x")),
            "TypeError: replace() argument 'co_linetable' must be bytes, not str",
        ),
        (
            kw("co_lnotab", bytes(b"")),
            "TypeError: 'co_lnotab' is an invalid keyword argument for replace()",
        ),
        (
            kw("co_flags", Value::Int(-1)),
            "ValueError: co_flags must be a positive integer",
        ),
        (
            kw("co_firstlineno", Value::Int(-5)),
            "ValueError: co_firstlineno must be a positive integer",
        ),
        (
            kw("co_posonlyargcount", Value::Int(3)),
            "SystemError: Objects/codeobject.c:250: bad argument to internal function",
        ),
        (
            kw("co_kwonlyargcount", Value::Int(3)),
            "ValueError: code: co_varnames is too small",
        ),
        (
            kw("co_argcount", Value::Float(1.0)),
            "TypeError: 'float' object cannot be interpreted as an integer",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    // python3: c.replace(co_bogus=1, co_argcount='x') names the keyword.
    assert_eq!(
        text(call_kw(
            &replace,
            &[Value::Int(1), Value::str("x")],
            &["co_bogus", "co_argcount"]
        )),
        "TypeError: 'co_bogus' is an invalid keyword argument for replace()"
    );
    // python3: c.replace(co_flags=-1, co_argcount=-1): argcount first.
    assert_eq!(
        text(call_kw(
            &replace,
            &[Value::Int(-1), Value::Int(-1)],
            &["co_flags", "co_argcount"]
        )),
        "ValueError: co_argcount must be a positive integer"
    );
}

#[test]
fn replaced_fields_read_back_and_the_original_is_untouched() {
    let g = module();
    let code = getattr(&global(&g, "f"), "__code__").unwrap();
    let replace = getattr(&code, "replace").unwrap();
    let renamed = call_kw(&replace, &[Value::str("h")], &["co_name"]).unwrap();
    assert_eq!(getattr(&renamed, "co_name").unwrap().to_str(), "h");
    assert_eq!(getattr(&renamed, "co_qualname").unwrap().to_str(), "f");
    assert_eq!(getattr(&code, "co_name").unwrap().to_str(), "f");
    let flags = call_kw(&replace, &[Value::Int(0x40)], &["co_flags"]).unwrap();
    assert_eq!(getattr(&flags, "co_flags").unwrap(), Value::Int(64));
    let consts = call_kw(&replace, &[tuple(vec![Value::Int(1)])], &["co_consts"]).unwrap();
    assert_eq!(getattr(&consts, "co_consts").unwrap().repr(), "(1,)");
    assert_eq!(
        getattr(&renamed, "co_consts").unwrap().repr(),
        getattr(&code, "co_consts").unwrap().repr()
    );
}

#[test]
fn code_type_checks_its_arguments_like_cpython() {
    let g = module();
    let code = getattr(&global(&g, "f"), "__code__").unwrap();
    let field = |name: &str| getattr(&code, name).unwrap();
    let args: Vec<Value> = [
        "co_argcount",
        "co_posonlyargcount",
        "co_kwonlyargcount",
        "co_nlocals",
        "co_stacksize",
        "co_flags",
        "co_code",
        "co_consts",
        "co_names",
        "co_varnames",
        "co_filename",
        "co_name",
        "co_qualname",
        "co_firstlineno",
        "co_linetable",
        "co_exceptiontable",
        "co_freevars",
        "co_cellvars",
    ]
    .iter()
    .map(|n| field(n))
    .collect();
    let code_type = types_attr("CodeType");
    let with = |i: usize, v: Value| {
        let mut a = args.clone();
        a[i] = v;
        text(call(&code_type, &a))
    };
    assert!(text(call(&code_type, &args)).starts_with("ok <code object f at "));
    let cases: Vec<(String, &str)> = vec![
        (
            text(call(&code_type, &[])),
            "TypeError: code expected at least 16 arguments, got 0",
        ),
        (
            text(call(
                &code_type,
                &[args.clone(), vec![Value::Int(1)]].concat(),
            )),
            "TypeError: code expected at most 18 arguments, got 19",
        ),
        (
            text(call_kw(
                &code_type,
                &[args.clone(), vec![Value::str("x")]].concat(),
                &["co_name"],
            )),
            "TypeError: code() takes no keyword arguments",
        ),
        (
            with(0, Value::Int(-1)),
            "ValueError: code: argcount must not be negative",
        ),
        (
            with(1, Value::Int(-1)),
            "ValueError: code: posonlyargcount must not be negative",
        ),
        (
            with(2, Value::Int(-1)),
            "ValueError: code: kwonlyargcount must not be negative",
        ),
        (
            with(3, Value::Int(-1)),
            "ValueError: code: nlocals must not be negative",
        ),
        (
            with(4, Value::Int(-1)),
            "SystemError: Objects/codeobject.c:250: bad argument to internal function",
        ),
        (
            with(0, Value::str("x")),
            "TypeError: 'str' object cannot be interpreted as an integer",
        ),
        (
            with(6, Value::str("x")),
            "TypeError: code() argument 7 must be bytes, not str",
        ),
        (
            with(7, py_fn_runtime::list(vec![])),
            "TypeError: code() argument 8 must be tuple, not list",
        ),
        (
            with(8, tuple(vec![Value::Int(1)])),
            "TypeError: name tuples must contain only strings, not 'int'",
        ),
        (
            with(11, Value::Int(1)),
            "TypeError: code() argument 12 must be str, not int",
        ),
        (
            with(15, Value::str("x")),
            "TypeError: code() argument 16 must be bytes, not str",
        ),
        (
            with(16, py_fn_runtime::list(vec![])),
            "TypeError: code() argument 17 must be tuple, not list",
        ),
        (
            with(0, Value::Int(9)),
            "ValueError: code: co_varnames is too small",
        ),
        (
            with(6, bytes(b"abc")),
            "ValueError: code: co_code is malformed",
        ),
        (
            with(3, Value::Int(9)),
            "ValueError: code: co_nlocals != len(co_varnames)",
        ),
        (
            with(1, Value::Int(5)),
            "SystemError: Objects/codeobject.c:250: bad argument to internal function",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
}

#[test]
fn function_type_checks_its_arguments_like_cpython() {
    let g = module();
    let function_type = types_attr("FunctionType");
    let plain = getattr(&global(&g, "plain"), "__code__").unwrap();
    let inner_fn = global(&g, "i");
    let inner = getattr(&inner_fn, "__code__").unwrap();
    let closure = getattr(&inner_fn, "__closure__").unwrap();
    let globals = g.to_value();
    let call_f = |args: &[Value]| text(call(&function_type, args));
    let cases: Vec<(String, &str)> = vec![
        (
            call_f(&[]),
            "TypeError: function() missing required argument 'code' (pos 1)",
        ),
        (
            call_f(std::slice::from_ref(&plain)),
            "TypeError: function() missing required argument 'globals' (pos 2)",
        ),
        (
            call_f(&[Value::Int(1), globals.clone()]),
            "TypeError: function() argument 'code' must be code, not int",
        ),
        (
            call_f(&[plain.clone(), Value::Int(1)]),
            "TypeError: function() argument 'globals' must be dict, not int",
        ),
        (
            call_f(&[plain.clone(), globals.clone(), Value::Int(1)]),
            "TypeError: arg 3 (name) must be None or string",
        ),
        (
            call_f(&[
                plain.clone(),
                globals.clone(),
                Value::str("n"),
                Value::Int(1),
            ]),
            "TypeError: arg 4 (defaults) must be None or tuple",
        ),
        (
            call_f(&[
                plain.clone(),
                globals.clone(),
                Value::str("n"),
                Value::None,
                Value::Int(1),
            ]),
            "TypeError: arg 5 (closure) must be None or tuple",
        ),
        (
            call_f(&[
                plain.clone(),
                globals.clone(),
                Value::str("n"),
                Value::None,
                tuple(vec![Value::Int(1)]),
            ]),
            "ValueError: plain requires closure of length 0, not 1",
        ),
        (
            call_f(&[inner.clone(), globals.clone()]),
            "TypeError: arg 5 (closure) must be tuple",
        ),
        (
            call_f(&[
                inner.clone(),
                globals.clone(),
                Value::str("n"),
                Value::None,
                tuple(vec![]),
            ]),
            "ValueError: inner requires closure of length 1, not 0",
        ),
        (
            call_f(&[
                inner.clone(),
                globals.clone(),
                Value::str("n"),
                Value::None,
                tuple(vec![Value::Int(1)]),
            ]),
            "TypeError: arg 5 (closure) expected cell, found int",
        ),
        (
            call_f(&[
                plain.clone(),
                globals.clone(),
                Value::str("a"),
                Value::None,
                Value::None,
                Value::Int(1),
            ]),
            "TypeError: function() takes at most 5 arguments (6 given)",
        ),
        (
            text(call_kw(
                &function_type,
                &[plain.clone(), globals.clone(), Value::Int(1)],
                &["bogus"],
            )),
            "TypeError: 'bogus' is an invalid keyword argument for function()",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    // A working one, with keywords: name and defaults as given, qualname
    // from the code object, the closure shared.
    let made = call_kw(
        &function_type,
        &[
            inner.clone(),
            globals.clone(),
            Value::str("z"),
            tuple(vec![Value::Int(5)]),
            closure.clone(),
        ],
        &["name", "argdefs", "closure"],
    )
    .unwrap();
    assert_eq!(getattr(&made, "__name__").unwrap().to_str(), "z");
    assert_eq!(
        getattr(&made, "__qualname__").unwrap().to_str(),
        "mk.<locals>.inner"
    );
    assert_eq!(call(&made, &[]).unwrap(), Value::Int(6));
    // An unpatched code object keeps its body (here: run by the interpreter).
    let p = call(&function_type, &[plain.clone(), globals.clone()]).unwrap();
    assert_eq!(call(&p, &[Value::Int(2)]).unwrap(), Value::Int(42));
}

#[test]
fn assigning_code_checks_free_variables_like_cpython() {
    let g = module();
    let plain = global(&g, "plain");
    let inner_fn = global(&g, "i");
    let inner_code = getattr(&inner_fn, "__code__").unwrap();
    let plain_code = getattr(&plain, "__code__").unwrap();
    assert_eq!(
        setattr(&plain, "__code__", inner_code)
            .unwrap_err()
            .to_string(),
        "ValueError: plain() requires a code object with 0 free vars, not 1"
    );
    assert_eq!(
        setattr(&plain, "__code__", Value::Int(1))
            .unwrap_err()
            .to_string(),
        "TypeError: __code__ must be set to a code object"
    );
    assert_eq!(
        setattr(&inner_fn, "__code__", plain_code.clone())
            .unwrap_err()
            .to_string(),
        "ValueError: inner() requires a code object with 1 free vars, not 0"
    );
    // A code object that computes something else, same free variables.
    let replace = getattr(&plain_code, "replace").unwrap();
    let consts = getattr(&plain_code, "co_consts").unwrap();
    let patched_consts = match &consts {
        Value::Tuple(t) => tuple(
            t.as_slice()
                .iter()
                .map(|c| {
                    if *c == Value::Int(40) {
                        Value::Int(1)
                    } else {
                        c.clone()
                    }
                })
                .collect(),
        ),
        _ => unreachable!("co_consts is a tuple"),
    };
    let patched = call_kw(&replace, &[patched_consts], &["co_consts"]).unwrap();
    setattr(&plain, "__code__", patched).unwrap();
    assert_eq!(call(&plain, &[Value::Int(2)]).unwrap(), Value::Int(3));
    assert_eq!(getattr(&plain, "__name__").unwrap().to_str(), "plain");
}

#[test]
fn malformed_patched_code_raises_instead_of_crashing() {
    let g = module();
    let plain = global(&g, "plain");
    let code = getattr(&plain, "__code__").unwrap();
    let replace = getattr(&code, "replace").unwrap();
    let function_type = types_attr("FunctionType");
    // RESUME 0; LOAD_CONST 9; RETURN_VALUE: co_consts has 2 items.
    let bad = call_kw(&replace, &[bytes(&[151, 0, 100, 9, 83, 0])], &["co_code"]).unwrap();
    let err = call(&function_type, &[bad.clone(), g.to_value()]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "ValueError: invalid code object 'plain': offset 2: LOAD_CONST 9: index out of range of co_consts (2 items)"
    );
    let err = setattr(&plain, "__code__", bad).unwrap_err();
    assert_eq!(err.kind(), py_fn_runtime::ExcType::ValueError);
    // POP_TOP on an empty stack, through CodeType-free replace of a
    // function made before the patch: the first call raises SystemError.
    let underflow = call_kw(
        &replace,
        &[bytes(&[151, 0, 1, 0, 100, 0, 83, 0])],
        &["co_code"],
    )
    .unwrap();
    let Value::Code(c) = &underflow else {
        unreachable!("a code object")
    };
    let f = py_fn_runtime::Function::from_code(c.clone(), &g, Vec::new(), None, None);
    let err = f.call((1,)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "SystemError: invalid code object 'plain': offset 2: stack underflow: POP_TOP 0 needs 1 item on the stack, which holds 0"
    );
}

#[test]
fn dis_of_a_patched_code_object_shows_its_run_time_constants() {
    let g = module();
    let code = getattr(&global(&g, "plain"), "__code__").unwrap();
    let replace = getattr(&code, "replace").unwrap();
    let consts = tuple(vec![Value::None, py_fn_runtime::list(vec![Value::Int(7)])]);
    let patched = call_kw(&replace, &[consts], &["co_consts"]).unwrap();
    let Value::Code(c) = &patched else {
        unreachable!("a code object")
    };
    let text = c.dis();
    assert!(text.contains("LOAD_CONST               1 ([7])"), "{text}");
    // The patched function computes y + [7]: a TypeError, not a crash.
    let f = py_fn_runtime::Function::from_code(c.clone(), &g, Vec::new(), None, None);
    assert_eq!(
        f.call((1,)).unwrap_err().to_string(),
        "TypeError: unsupported operand type(s) for +: 'int' and 'list'"
    );
}

mod patch_example {
    py_fn::py_fn!(file = "examples/patch_code.py");
}

/// `examples/patch_code.py`: `python3` prints the first two lines (the
/// patch 42 -> 99 gives 149) and then dies with a segmentation fault (exit
/// status 139) on the code object without constants; py_fn raises instead,
/// natively and on the interpreter.
#[test]
fn the_patch_example_changes_the_result_and_survives_a_malformed_patch() {
    for force in [false, true] {
        let handle = std::thread::spawn(move || {
            py_fn::set_force_vm(force);
            let (out, result) = py_fn::capture_stdout(patch_example::__main__);
            (out, result.map_err(|e| e.to_string()))
        });
        let (out, result) = handle.join().expect("no panic");
        result.unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines.get(..2),
            Some(&["outer(2, 3)(10) = 92", "patched_outer(2, 3)(10) = 149"][..]),
            "{out}"
        );
        assert_eq!(
            lines.get(2),
            Some(
                &"ValueError: invalid code object 'outer': offset 16: LOAD_CONST 1: index out of range of co_consts (0 items)"
            ),
            "{out}"
        );
    }
}
