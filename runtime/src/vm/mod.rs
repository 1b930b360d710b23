//! The bytecode interpreter: runs CPython 3.11 code objects — as our
//! compiler and CPython 3.11 emit them — over the same values, cells and
//! globals as native code, so an interpreted function and a native closure
//! can share a cell and each sees the other's writes.
//!
//! * A code object is verified once, before its first run
//!   ([`py_fn_bytecode::verify`]); what runs is the decoded [`Program`]
//!   (jump targets as instruction indices, a handler per instruction).
//! * A frame (`frame.rs`) holds the fast locals and the value stack in one
//!   `Vec`; a call between interpreted functions runs inside the same
//!   eval loop and the same `Vec` (`activation.rs`): the callee's locals
//!   start at its arguments on the caller's stack. It counts against the
//!   same `RecursionError` limit as native calls, but uses no Rust stack.
//! * Exceptions unwind through the exception table (`eval.rs`); generators
//!   keep their frame between `yield`s ([`Generator`]).
//! * [`set_step_budget`] bounds what untrusted bytecode may run.
//!
//! [`Program`]: py_fn_bytecode::verify::Program

mod activation;
pub(crate) mod budget;
mod build;
mod calls;
mod descriptors;
mod eval;
mod exceptions;
mod frame;
mod generator;
mod names;

use std::rc::Rc;

use py_fn_bytecode::code::flags;

use crate::code::Code;
use crate::error::{ExcType, PyErr, PyResult};
use crate::function::Function;
use crate::globals::Globals;
use crate::value::Value;

use eval::Exit;
use frame::{corrupt, Frame, Locals};

pub use budget::{set_step_budget, steps_left};
pub use generator::Generator;
pub(crate) use generator::{stop_iteration, throw_args, Sent};

/// The interpreter as a native body: runs `f`'s code object over the bound
/// arguments `args` (`co_varnames` order). Code without `CO_OPTIMIZED`
/// and without parameters (a class body) called with a dict gets it as its
/// namespace, as [`call_with_locals`](crate::call_with_locals) passes it.
///
/// ```
/// use std::borrow::Cow;
/// use py_fn_runtime::{vm_body, CodeData, Constant, Function, Globals, Value};
/// static NEG: CodeData = CodeData {
///     argcount: 1, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 1, flags: 3,
///     // RESUME 0; LOAD_FAST 0; UNARY_NEGATIVE; RETURN_VALUE
///     code: Cow::Borrowed(&[151, 0, 124, 0, 11, 0, 83, 0]),
///     consts: Cow::Borrowed(&[Constant::None]), names: Cow::Borrowed(&[]),
///     varnames: Cow::Borrowed(&[Cow::Borrowed("x")]), cellvars: Cow::Borrowed(&[]),
///     freevars: Cow::Borrowed(&[]), filename: Cow::Borrowed("neg.py"),
///     name: Cow::Borrowed("neg"), qualname: Cow::Borrowed("neg"), firstlineno: 1,
///     linetable: Cow::Borrowed(&[]), exceptiontable: Cow::Borrowed(&[]),
/// };
/// let g = Globals::new("__main__");
/// let f = Function::new(&NEG, Some(vm_body), &g, Vec::new(), None, None);
/// assert_eq!(f.call((5,)).unwrap(), Value::Int(-5));
/// ```
pub fn vm_body(f: &Function, args: &[Value]) -> PyResult<Value> {
    let code = f.code();
    let program = eval::program_of(&code)?;
    let data = code.data();
    let namespace = match args {
        [Value::Dict(d)] if data.flags & flags::OPTIMIZED == 0 && data.argcount == 0 => Some(d),
        _ => None,
    };
    let (locals, params) = match namespace {
        Some(d) if Rc::ptr_eq(d, f.globals().dict_rc()) => (Locals::Globals, &[][..]),
        Some(d) => (Locals::Dict(d.clone()), &[][..]),
        None => (Locals::Fast, args),
    };
    let frame = Frame::new(
        code.clone(),
        program,
        f.globals().clone(),
        locals,
        params,
        f.closure(),
    );
    run_frame(frame, Some(f))
}

/// Runs module code (`code`, compiled from a module's source) in the
/// namespace `globals`, as `exec(code, globals)` does; returns what the
/// code returns (`None` for a module).
///
/// ```
/// use std::rc::Rc;
/// use py_fn_runtime::{capture_stdout, vm, Code, Globals};
/// let data = py_fn_compiler_free_example();
/// # fn py_fn_compiler_free_example() -> py_fn_runtime::CodeData {
/// #     use std::borrow::Cow;
/// #     use py_fn_runtime::Constant;
/// #     py_fn_runtime::CodeData {
/// #         argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 3, flags: 0,
/// #         // print('hi'): RESUME; PUSH_NULL; LOAD_NAME 0; LOAD_CONST 0; PRECALL 1; CACHE;
/// #         // CALL 1; CACHE x4; POP_TOP; LOAD_CONST 1; RETURN_VALUE
/// #         code: Cow::Owned(vec![151, 0, 2, 0, 101, 0, 100, 0, 166, 1, 0, 0, 171, 1,
/// #                               0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 100, 1, 83, 0]),
/// #         consts: Cow::Owned(vec![Constant::Str(Cow::Borrowed("hi")), Constant::None]),
/// #         names: Cow::Owned(vec![Cow::Borrowed("print")]), varnames: Cow::Borrowed(&[]),
/// #         cellvars: Cow::Borrowed(&[]), freevars: Cow::Borrowed(&[]),
/// #         filename: Cow::Borrowed("m.py"), name: Cow::Borrowed("<module>"),
/// #         qualname: Cow::Borrowed("<module>"), firstlineno: 1,
/// #         linetable: Cow::Borrowed(&[]), exceptiontable: Cow::Borrowed(&[]),
/// #     }
/// # }
/// let code = Code::from_owned(Rc::new(data));
/// let g = Globals::new("__main__");
/// let (out, result) = capture_stdout(|| vm::run_code(&code, &g));
/// assert!(result.is_ok());
/// assert_eq!(out, "hi\n");
/// ```
pub fn run_code(code: &Rc<Code>, globals: &Globals) -> PyResult<Value> {
    let program = eval::program_of(code)?;
    let frame = Frame::new(
        code.clone(),
        program,
        globals.clone(),
        Locals::Globals,
        &[],
        &[],
    );
    run_frame(frame, None)
}

/// The generator a frame that ran `RETURN_GENERATOR` becomes.
#[cold]
pub(crate) fn into_generator(mut frame: Frame, f: Option<&Function>) -> Value {
    frame.is_generator = true;
    let (name, qualname) = match f {
        Some(f) => (f.name(), f.qualname()),
        None => {
            let d = frame.code.data();
            (d.name.to_string(), d.qualname.to_string())
        }
    };
    let generator = Rc::new(Generator::new(frame, name, qualname));
    crate::gc::track(&generator);
    Value::Generator(generator)
}

/// Runs a new frame to its end: a returned value, or the generator its
/// `RETURN_GENERATOR` makes.
fn run_frame(frame: Frame, f: Option<&Function>) -> PyResult<Value> {
    budget::tick()?;
    let handles = match frame.code.program() {
        Ok(p) => p.handles_exceptions,
        Err(_) => true,
    };
    run_frame_in(frame, f, handles, true)
}

/// [`run_frame`]; `handles_exceptions`: whether the code may change the
/// exceptions being handled (then they are restored after it), and
/// `enter_globals`: whether its globals differ from the caller's (then
/// they become current while it runs).
fn run_frame_in(
    mut frame: Frame,
    f: Option<&Function>,
    handles_exceptions: bool,
    enter_globals: bool,
) -> PyResult<Value> {
    let _globals = enter_globals.then(|| crate::globals::enter_globals(&frame.globals));
    let base = handles_exceptions.then(crate::exception::handled_depth);
    let result = eval::run(&mut frame, None);
    if let Some(base) = base {
        crate::exception::truncate_handled(base);
    }
    match result? {
        Exit::Return(v) => Ok(v),
        Exit::Generator => Ok(into_generator(frame, f)),
        Exit::Yield(_) => Err(corrupt("a yield outside a generator")),
    }
}

/// Verifies `code` (once; the result is kept): an invalid code object is
/// an exception of type `kind` naming the code object and the problem.
///
/// ```
/// use std::rc::Rc;
/// use py_fn_runtime::{vm, Code, ExcType};
/// # use std::borrow::Cow;
/// # let data = py_fn_runtime::CodeData {
/// #     argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 1, flags: 3,
/// #     code: Cow::Owned(vec![151, 0, 1, 0]), // RESUME; POP_TOP on an empty stack
/// #     consts: Cow::Borrowed(&[]), names: Cow::Borrowed(&[]), varnames: Cow::Borrowed(&[]),
/// #     cellvars: Cow::Borrowed(&[]), freevars: Cow::Borrowed(&[]),
/// #     filename: Cow::Borrowed("bad.py"), name: Cow::Borrowed("bad"),
/// #     qualname: Cow::Borrowed("bad"), firstlineno: 1,
/// #     linetable: Cow::Borrowed(&[]), exceptiontable: Cow::Borrowed(&[]),
/// # };
/// let code = Code::from_owned(Rc::new(data));
/// let err = vm::check_code(&code, ExcType::SystemError).unwrap_err();
/// assert!(err.to_string().starts_with("SystemError: invalid code object 'bad': offset 2: stack underflow"));
/// ```
pub fn check_code(code: &Code, kind: ExcType) -> PyResult<()> {
    match code.program() {
        Ok(_) => Ok(()),
        Err(e) => Err(PyErr::new(
            kind,
            format!("invalid code object '{}': {e}", code.data().qualname),
        )),
    }
}
