//! Generators: the object `RETURN_GENERATOR` makes from a suspended frame,
//! `next` / `send` / `throw` / `close` with CPython 3.11's semantics
//! (`gen_send_ex2`, `_gen_throw`, `gen_close`), `yield from` delegation
//! (`SEND`, `gi_yieldfrom`), and `StopIteration` carrying the return value.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::code::Code;
use crate::error::{ExcType, PyErr, PyResult};
use crate::value::Value;

use super::eval::Exit;
use super::frame::{corrupt, Frame};

/// Where a generator is in its life (CPython's `gi_frame_state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Made, not started.
    Created,
    /// Stopped at a `yield`.
    Suspended,
    /// Running (a `next` inside it is an error).
    Running,
    /// Returned or raised.
    Finished,
}

/// A generator object.
///
/// ```
/// use std::borrow::Cow;
/// use py_fn_runtime::{vm_body, CodeData, Constant, Function, Globals, Value};
/// // def one(): yield 1
/// static ONE: CodeData = CodeData {
///     argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 1,
///     flags: 0x23, // OPTIMIZED | NEWLOCALS | GENERATOR
///     // RETURN_GENERATOR; POP_TOP; RESUME 0; LOAD_CONST 1; YIELD_VALUE;
///     // RESUME 1; POP_TOP; LOAD_CONST 0; RETURN_VALUE
///     code: Cow::Borrowed(&[75, 0, 1, 0, 151, 0, 100, 1, 86, 0, 151, 1, 1, 0, 100, 0, 83, 0]),
///     consts: Cow::Borrowed(&[Constant::None, Constant::Int(1)]), names: Cow::Borrowed(&[]),
///     varnames: Cow::Borrowed(&[]), cellvars: Cow::Borrowed(&[]), freevars: Cow::Borrowed(&[]),
///     filename: Cow::Borrowed("g.py"), name: Cow::Borrowed("one"), qualname: Cow::Borrowed("one"),
///     firstlineno: 1, linetable: Cow::Borrowed(&[]), exceptiontable: Cow::Borrowed(&[]),
/// };
/// let g = Globals::new("__main__");
/// let one = Function::new(&ONE, Some(vm_body), &g, Vec::new(), None, None);
/// let Value::Generator(gen) = one.call(()).unwrap() else { unreachable!() };
/// assert_eq!(gen.send(Value::None).unwrap(), Value::Int(1));
/// assert!(gen.suspended());
/// assert_eq!(gen.send(Value::None).unwrap_err().to_string(), "StopIteration");
/// assert!(gen.finished());
/// ```
pub struct Generator {
    /// The suspended frame (`None` while running and once finished).
    frame: RefCell<Option<Box<Frame>>>,
    state: Cell<State>,
    code: Rc<Code>,
    name: RefCell<Value>,
    qualname: RefCell<Value>,
    /// The exceptions being handled inside the generator when it last
    /// yielded (CPython's `gi_exc_state`), innermost last.
    handled: RefCell<Vec<Value>>,
}

/// What resuming a generator gave.
pub(crate) enum Sent {
    /// It yielded this value.
    Yielded(Value),
    /// It returned this value (or was already finished: `None`).
    Returned(Value),
}

impl Generator {
    /// A generator over `frame`, suspended right after `RETURN_GENERATOR`.
    pub(crate) fn new(frame: Frame, name: String, qualname: String) -> Generator {
        Generator {
            code: frame.code.clone(),
            frame: RefCell::new(Some(Box::new(frame))),
            state: Cell::new(State::Created),
            name: RefCell::new(Value::str(name)),
            qualname: RefCell::new(Value::str(qualname)),
            handled: RefCell::new(Vec::new()),
        }
    }

    /// Reports the references the generator holds to the cycle collector:
    /// its suspended frame (globals, class namespace, locals and stack),
    /// its names and the exceptions it was handling. A running generator's
    /// frame is on the Rust stack, not here.
    pub(crate) fn gc_traverse<V: crate::gc::Visit>(&self, v: &mut V) {
        use crate::gc::ObjRef;
        match self.frame.try_borrow() {
            Ok(frame) => {
                if let Some(frame) = frame.as_deref() {
                    v.edge(ObjRef::Globals(frame.globals.inner()));
                    if let super::frame::Locals::Dict(d) = &frame.locals {
                        v.edge(ObjRef::Dict(d));
                    }
                    frame.slots.iter().flatten().for_each(|x| v.value(x));
                }
            }
            Err(_) => v.busy(),
        }
        for slot in [&self.name, &self.qualname] {
            match slot.try_borrow() {
                Ok(x) => v.value(&x),
                Err(_) => v.busy(),
            }
        }
        match self.handled.try_borrow() {
            Ok(h) => h.iter().for_each(|x| v.value(x)),
            Err(_) => v.busy(),
        }
    }

    /// Drops the suspended frame without running it (no `finally` block
    /// runs: the collector never runs Python code) and marks the generator
    /// finished.
    pub(crate) fn gc_clear(&self) {
        let frame = self.frame.try_borrow_mut().map(|mut f| f.take());
        if let Ok(Some(_)) = &frame {
            self.state.set(State::Finished);
        }
        drop(frame);
        crate::gc::take_from(&self.handled);
    }

    /// `gi_code`.
    pub fn code(&self) -> Rc<Code> {
        self.code.clone()
    }

    /// `__name__`.
    pub fn name(&self) -> String {
        self.name.borrow().to_str()
    }

    /// `__qualname__`.
    pub fn qualname(&self) -> String {
        self.qualname.borrow().to_str()
    }

    /// `gi_running`.
    pub fn running(&self) -> bool {
        self.state.get() == State::Running
    }

    /// `gi_suspended`.
    pub fn suspended(&self) -> bool {
        self.state.get() == State::Suspended
    }

    /// Whether the generator has returned or raised.
    pub fn finished(&self) -> bool {
        self.state.get() == State::Finished
    }

    /// `gi_yieldfrom`: the iterator a `yield from` is delegating to.
    pub fn yield_from(&self) -> Option<Value> {
        if self.state.get() != State::Suspended {
            return None;
        }
        let frame = self.frame.borrow();
        let frame = frame.as_ref()?;
        let program = frame.code.program().as_ref().ok()?;
        let next = program.instrs.get(frame.pc)?;
        if next.op != py_fn_bytecode::Opcode::RESUME || next.arg < 2 {
            return None;
        }
        frame.peek(1).ok().cloned()
    }

    /// Sets `__name__` / `__qualname__` (a str).
    pub(crate) fn set_name(&self, qual: bool, value: Value) -> PyResult<()> {
        if !matches!(value, Value::Str(_)) {
            let which = if qual { "__qualname__" } else { "__name__" };
            return Err(PyErr::type_error(format!(
                "{which} must be set to a string object"
            )));
        }
        let slot = if qual { &self.qualname } else { &self.name };
        let old = slot.replace(value);
        drop(old);
        Ok(())
    }

    /// `gen_send_ex2`: resumes the frame with `value` (the result of the
    /// `yield` it stopped at), or raises `throw` there.
    pub(crate) fn resume(&self, value: Value, throw: Option<PyErr>) -> PyResult<Sent> {
        match self.state.get() {
            State::Running => {
                return Err(PyErr::value_error("generator already executing"));
            }
            State::Finished => {
                return match throw {
                    Some(err) => Err(err),
                    None => Ok(Sent::Returned(Value::None)),
                };
            }
            State::Created if throw.is_none() && !matches!(value, Value::None) => {
                return Err(PyErr::type_error(
                    "can't send non-None value to a just-started generator",
                ));
            }
            State::Created | State::Suspended => {}
        }
        let Some(mut frame) = self.frame.borrow_mut().take() else {
            return Err(corrupt("a suspended generator without its frame"));
        };
        self.state.set(State::Running);
        let outcome = run_generator_frame(&mut frame, value, throw, &self.handled);
        match outcome {
            Ok(Exit::Yield(v)) => {
                self.state.set(State::Suspended);
                *self.frame.borrow_mut() = Some(frame);
                Ok(Sent::Yielded(v))
            }
            Ok(Exit::Return(v)) => {
                self.state.set(State::Finished);
                drop(frame);
                Ok(Sent::Returned(v))
            }
            Ok(Exit::Generator) => {
                self.state.set(State::Finished);
                Err(corrupt("RETURN_GENERATOR in a running generator"))
            }
            Err(err) => {
                self.state.set(State::Finished);
                drop(frame);
                Err(stop_iteration_to_runtime_error(err))
            }
        }
    }

    /// `next(gen)`: `Ok(None)` when it returns.
    pub(crate) fn next(&self) -> PyResult<Option<Value>> {
        match self.resume(Value::None, None)? {
            Sent::Yielded(v) => Ok(Some(v)),
            Sent::Returned(_) => Ok(None),
        }
    }

    /// `gen.send(value)` / `gen.__next__()`: the value yielded, or
    /// `StopIteration` with the value returned.
    pub fn send(&self, value: Value) -> PyResult<Value> {
        match self.resume(value, None)? {
            Sent::Yielded(v) => Ok(v),
            Sent::Returned(v) => Err(stop_iteration(v)),
        }
    }

    /// `gen.throw(exc)`: raises `exc` where the generator stopped (in the
    /// iterator it delegates to first, if it is in a `yield from`).
    pub fn throw(&self, err: PyErr) -> PyResult<Value> {
        match self.throw_sent(err, true)? {
            Sent::Yielded(v) => Ok(v),
            Sent::Returned(v) => Err(stop_iteration(v)),
        }
    }

    /// `_gen_throw`.
    fn throw_sent(&self, err: PyErr, close_on_genexit: bool) -> PyResult<Sent> {
        let Some(yf) = self.yield_from() else {
            return self.resume(Value::None, Some(err));
        };
        if close_on_genexit && err.matches(ExcType::GeneratorExit) {
            let closed = self.while_running(|| close_iter(&yf));
            return match closed {
                Err(e) => self.resume(Value::None, Some(e)),
                Ok(()) => self.resume(Value::None, Some(err)),
            };
        }
        let inner: PyResult<Value> = match &yf {
            Value::Generator(g) => {
                let g = g.clone();
                match self.while_running(|| g.throw_sent(err, close_on_genexit)) {
                    Ok(Sent::Yielded(v)) => Ok(v),
                    Ok(Sent::Returned(v)) => Err(stop_iteration(v)),
                    Err(e) => Err(e),
                }
            }
            other => match crate::attr::getattr(other, "throw") {
                Ok(method) => {
                    let exc = err.to_value();
                    let typ = crate::builtins_class::type_of(&exc);
                    self.while_running(|| crate::call::call(&method, &[typ, exc, Value::None]))
                }
                Err(_) => return self.resume(Value::None, Some(err)),
            },
        };
        match inner {
            Ok(v) => Ok(Sent::Yielded(v)),
            Err(e) => {
                // The delegate finished: leave the `yield from` loop at
                // `SEND`'s target, as CPython does.
                self.exit_yield_from()?;
                if e.matches(ExcType::StopIteration) {
                    let v = stop_value(&e);
                    self.resume(v, None)
                } else {
                    self.resume(Value::None, Some(e))
                }
            }
        }
    }

    /// Pops the delegate and moves the suspended frame to the end of its
    /// `yield from` loop (the target of the `SEND` before the `yield`).
    fn exit_yield_from(&self) -> PyResult<()> {
        let mut slot = self.frame.borrow_mut();
        let frame = slot
            .as_mut()
            .ok_or_else(|| corrupt("a suspended generator without its frame"))?;
        let code = frame.code.clone();
        let program = super::eval::program_of(&code)?;
        let send = frame
            .pc
            .checked_sub(2)
            .and_then(|i| program.instrs.get(i))
            .filter(|i| i.op == py_fn_bytecode::Opcode::SEND)
            .ok_or_else(|| corrupt("yield from without SEND"))?;
        let delegate = frame.pop()?;
        frame.pc = send.arg as usize;
        drop(slot);
        drop(delegate);
        Ok(())
    }

    /// Runs `f` with the generator marked as running.
    fn while_running<R>(&self, f: impl FnOnce() -> R) -> R {
        let state = self.state.replace(State::Running);
        let r = f();
        self.state.set(state);
        r
    }

    /// `gen.close()`.
    pub fn close(&self) -> PyResult<()> {
        let mut first = None;
        if let Some(yf) = self.yield_from() {
            if let Err(e) = self.while_running(|| close_iter(&yf)) {
                first = Some(e);
            }
        }
        let err = first.unwrap_or_else(|| PyErr::new(ExcType::GeneratorExit, ""));
        match self.resume(Value::None, Some(err)) {
            Ok(_) => Err(PyErr::new(
                ExcType::RuntimeError,
                "generator ignored GeneratorExit",
            )),
            Err(e) if e.matches(ExcType::StopIteration) || e.matches(ExcType::GeneratorExit) => {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// `gen_close_iter`: closes what a `yield from` delegates to.
fn close_iter(yf: &Value) -> PyResult<()> {
    match yf {
        Value::Generator(g) => g.close(),
        other => match crate::attr::getattr(other, "close") {
            Ok(method) => crate::call::call(&method, &[]).map(drop),
            Err(e) if e.matches(ExcType::AttributeError) => Ok(()),
            Err(e) => Err(e),
        },
    }
}

/// Runs a generator's frame: pushes `value` (what the `yield` gives),
/// makes the generator's handled exceptions current again, runs, and saves
/// them if it yields.
fn run_generator_frame(
    frame: &mut Frame,
    value: Value,
    throw: Option<PyErr>,
    handled: &RefCell<Vec<Value>>,
) -> PyResult<Exit> {
    let _depth = crate::function::DepthGuard::enter()?;
    super::budget::tick()?;
    let _globals = crate::globals::enter_globals(&frame.globals);
    frame.push(value)?;
    let base = crate::exception::handled_depth();
    for exc in handled.take() {
        crate::exception::push_handled(exc);
    }
    let result = super::eval::run(frame, throw);
    let inside = crate::exception::split_handled(base);
    if matches!(result, Ok(Exit::Yield(_))) {
        *handled.borrow_mut() = inside;
    } else {
        drop(inside);
    }
    result
}

/// `StopIteration(value)` (no argument for `None`, as CPython's
/// `_PyGen_SetStopIterationValue`).
pub(crate) fn stop_iteration(value: Value) -> PyErr {
    match value {
        Value::None => PyErr::stop_iteration(),
        v => PyErr::stop_iteration_with(v),
    }
}

/// The value a `StopIteration` carries.
fn stop_value(e: &PyErr) -> Value {
    if let Some(v) = e.value() {
        return v.clone();
    }
    e.instance()
        .args()
        .into_iter()
        .next()
        .unwrap_or(Value::None)
}

/// PEP 479: a `StopIteration` escaping a generator becomes
/// `RuntimeError: generator raised StopIteration` (from it).
fn stop_iteration_to_runtime_error(err: PyErr) -> PyErr {
    if !err.matches(ExcType::StopIteration) {
        return err;
    }
    let runtime = PyErr::new(ExcType::RuntimeError, "generator raised StopIteration");
    let inst = runtime.instance();
    if let Some(state) = inst.exc() {
        let cause = err.to_value();
        let old = state.cause.replace(cause.clone());
        drop(old);
        let old = state.context.replace(cause);
        drop(old);
        state.suppress_context.set(true);
    }
    PyErr::from_instance(inst)
}

/// `SEND target`: sends the value on top to the iterator below it; jumps
/// to `target` with the iterator's return value when it is done.
pub(crate) fn send_op(frame: &mut Frame, target: u32) -> PyResult<()> {
    let value = frame.pop()?;
    let receiver = frame.peek(1)?.clone();
    let outcome = match &receiver {
        Value::Generator(g) => g.resume(value, None)?,
        _ if matches!(value, Value::None) => match crate::iter::next(&receiver)? {
            Some(v) => Sent::Yielded(v),
            None => Sent::Returned(Value::None),
        },
        _ => {
            let method = crate::attr::getattr(&receiver, "send")?;
            match crate::call::call(&method, &[value]) {
                Ok(v) => Sent::Yielded(v),
                Err(e) if e.matches(ExcType::StopIteration) => Sent::Returned(stop_value(&e)),
                Err(e) => return Err(e),
            }
        }
    };
    match outcome {
        Sent::Yielded(v) => frame.push(v),
        Sent::Returned(v) => {
            *frame.top_mut()? = v;
            frame.pc = target as usize;
            Ok(())
        }
    }
}

/// `gen.throw(typ[, val])`: the exception to throw.
pub(crate) fn throw_args(args: &[Value]) -> PyResult<PyErr> {
    let (typ, val) = match args {
        [typ] => (typ, None),
        [typ, val] | [typ, val, _] => (typ, Some(val).filter(|v| !matches!(v, Value::None))),
        _ => {
            return Err(PyErr::type_error(format!(
                "throw expected at least 1 argument, got {}",
                args.len()
            )))
        }
    };
    match (typ, val) {
        (Value::Class(c), val) if c.exc_type().is_some() => {
            let instance = match val {
                Some(v @ Value::Instance(i)) if i.class().is_subclass(c) => v.clone(),
                Some(Value::Tuple(t)) => crate::call::call(typ, t.as_slice())?,
                Some(v) => crate::call::call(typ, std::slice::from_ref(v))?,
                None => crate::call::call(typ, &[])?,
            };
            Ok(crate::exception::raise(&instance, None))
        }
        (Value::Instance(i), None) if i.exc().is_some() => Ok(PyErr::from_instance(i.clone())),
        (Value::Instance(i), Some(_)) if i.exc().is_some() => Err(PyErr::type_error(
            "instance exception may not have a separate value",
        )),
        (other, _) => Err(PyErr::type_error(format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            other.type_name()
        ))),
    }
}
