//! Python functions: [`Function`], [`make_function`], and argument binding
//! exactly as CPython 3.11's `initialize_locals` (same TypeError texts).
//!
//! A function runs its code object's native body when it has one (the
//! macro compiled it for that very code object) and the bytecode
//! interpreter otherwise: for a code object made at run time
//! (`code.replace(...)`, `types.CodeType(...)`, the compiler's output), or
//! everywhere while [`set_force_vm`] is on.

use std::cell::{Cell as StdCell, OnceCell, RefCell};
use std::mem::ManuallyDrop;
use std::rc::Rc;

use py_fn_bytecode::code::flags;
use py_fn_bytecode::CodeData;

use crate::cell::{Cell, CellRef};
use crate::closure::ClosureCells;
use crate::code::Code;
use crate::defaults::{defaults_value, Defaults};
use crate::dict::Dict;
use crate::error::{ExcType, PyErr, PyResult};
use crate::globals::Globals;
use crate::value::Value;

/// A native body: the function object and the bound parameters in
/// `co_varnames` order (positional, keyword-only, `*args` tuple, `**kwargs` dict).
pub type NativeFn = fn(&Function, &[Value]) -> PyResult<Value>;

/// CPython's default recursion limit. It counts the module's frame, so
/// at most `RECURSION_LIMIT - 1` Python calls can be nested.
pub const RECURSION_LIMIT: u32 = 1000;

thread_local! {
    static DEPTH: StdCell<u32> = const { StdCell::new(0) };
    /// Whether new functions run on the interpreter even when they have a
    /// native body.
    static FORCE_VM: StdCell<bool> = const { StdCell::new(false) };
}

/// Makes every function created from now on, on this thread, run on the
/// bytecode interpreter (`true`), or run native bodies again (`false`).
/// Tests use it to run the same program both ways.
///
/// ```
/// use py_fn_runtime::{force_vm, set_force_vm};
/// assert!(!force_vm());
/// set_force_vm(true);
/// assert!(force_vm());
/// set_force_vm(false);
/// ```
pub fn set_force_vm(on: bool) {
    FORCE_VM.with(|f| f.set(on));
}

/// Whether [`set_force_vm`] is on for this thread.
///
/// ```
/// assert!(!py_fn_runtime::force_vm());
/// ```
#[inline]
pub fn force_vm() -> bool {
    FORCE_VM.with(|f| f.get())
}

/// The code record of a function whose code object was made at run time:
/// its flags send every call through the general binding path, which reads
/// the real code object, and no generated code recognises it.
static RUNTIME_CODE: CodeData = CodeData {
    argcount: 0,
    posonlyargcount: 0,
    kwonlyargcount: 0,
    stacksize: 0,
    flags: flags::VARARGS | flags::VARKEYWORDS,
    code: std::borrow::Cow::Borrowed(&[]),
    consts: std::borrow::Cow::Borrowed(&[]),
    names: std::borrow::Cow::Borrowed(&[]),
    varnames: std::borrow::Cow::Borrowed(&[]),
    cellvars: std::borrow::Cow::Borrowed(&[]),
    freevars: std::borrow::Cow::Borrowed(&[]),
    filename: std::borrow::Cow::Borrowed(""),
    name: std::borrow::Cow::Borrowed("<run-time code>"),
    qualname: std::borrow::Cow::Borrowed("<run-time code>"),
    firstlineno: 0,
    linetable: std::borrow::Cow::Borrowed(&[]),
    exceptiontable: std::borrow::Cow::Borrowed(&[]),
};

/// One level of Python call depth, released on drop.
pub(crate) struct DepthGuard;

impl DepthGuard {
    #[inline]
    pub(crate) fn enter() -> PyResult<DepthGuard> {
        let depth = DEPTH.with(|d| d.get()) + 1;
        if depth >= RECURSION_LIMIT {
            return Err(recursion_error());
        }
        DEPTH.with(|d| d.set(depth));
        Ok(DepthGuard)
    }
}

/// How many more Python calls may nest inside the current one before
/// `RecursionError`: generated int paths count their own calls against it
/// and give up (to the generic body, which raises) when it runs out.
///
/// ```
/// use py_fn_runtime::{depth_budget, RECURSION_LIMIT};
/// assert_eq!(depth_budget(), RECURSION_LIMIT - 1);
/// ```
#[inline]
pub fn depth_budget() -> u32 {
    (RECURSION_LIMIT - 1).saturating_sub(DEPTH.with(|d| d.get()))
}

/// `RecursionError: maximum recursion depth exceeded`.
#[cold]
#[inline(never)]
fn recursion_error() -> PyErr {
    PyErr::new(ExcType::RecursionError, "maximum recursion depth exceeded")
}

impl Drop for DepthGuard {
    #[inline]
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// A Python function object.
///
/// Making one allocates only the object itself: the code object of a
/// `'static` record, `__name__`, `__qualname__`, `__doc__` and `__dict__`
/// are made on first use (`None` in the name and doc slots means "as the
/// code object says").
// `repr(C)`, in this order: what a call reads (the closure cells, the
// code record, the native body) comes first, in the object's first cache
// line; the code record is where it was before the code object became
// replaceable (W4's int path, identical machine code but for that offset,
// ran about 8% faster with it there in A/B runs).
#[repr(C)]
pub struct Function {
    closure: ClosureCells,
    /// The `'static` record of the code object, or [`RUNTIME_CODE`] when
    /// the code object was made at run time. Calls read the argument
    /// counts here without touching `code`.
    data: StdCell<&'static CodeData>,
    /// The native body, or `None`: the interpreter runs the code object.
    native: StdCell<Option<NativeFn>>,
    /// The code object (`__code__`): made on first use for a `'static`
    /// record, always present for one made at run time. A `Cell` so that
    /// `__code__` can be assigned; it is read by taking and putting back.
    code: StdCell<Option<Rc<Code>>>,
    globals: Globals,
    defaults: RefCell<Defaults>,
    /// What most functions never set, in a box made on first use: the
    /// object stays small (at most 112 bytes with its reference counts), which keeps
    /// making and freeing many of them cheap.
    extra: OnceCell<Box<Extra>>,
}

/// The attributes of a [`Function`] that are rarely set.
#[derive(Default)]
struct Extra {
    kwdefaults: RefCell<Option<Value>>,
    name: RefCell<Option<Value>>,
    qualname: RefCell<Option<Value>>,
    doc: RefCell<Option<Value>>,
    attrs: OnceCell<Rc<RefCell<Dict>>>,
    /// `__annotations__` (a dict), or the tuple of name/value pairs
    /// `MAKE_FUNCTION` was given.
    annotations: RefCell<Option<Value>>,
}

/// `MAKE_FUNCTION`: a function over a `'static` code object with its
/// native body, closure cells (`co_freevars` order), defaults (a tuple)
/// and keyword-only defaults (a dict). While [`set_force_vm`] is on, the
/// function runs on the interpreter instead.
#[inline]
pub fn make_function(
    code: &'static CodeData,
    native: NativeFn,
    globals: &Globals,
    closure: impl Into<ClosureCells>,
    defaults: impl Into<Defaults>,
    kwdefaults: Option<Value>,
) -> Value {
    let native = if force_vm() { None } else { Some(native) };
    function_value(
        code,
        native,
        globals,
        closure.into(),
        defaults.into(),
        kwdefaults,
    )
}

/// [`make_function`] after the generic conversions: one call out of the
/// generated code, which builds the function object in its allocation and
/// registers it with the cycle collector when it can be part of a cycle
/// (closure cells, keyword defaults, or defaults that are not atomic; a
/// plain `lambda x, i=i: ...` is not).
#[inline(never)]
fn function_value(
    code: &'static CodeData,
    native: Option<NativeFn>,
    globals: &Globals,
    closure: ClosureCells,
    defaults: Defaults,
    kwdefaults: Option<Value>,
) -> Value {
    let track = !closure.as_slice().is_empty() || kwdefaults.is_some() || !defaults.is_atomic();
    let f = Rc::new(Function::new(
        code, native, globals, closure, defaults, kwdefaults,
    ));
    if track {
        crate::gc::track(&f);
    }
    Value::Function(f)
}

/// The `'static` code record of a function value (`None` for anything
/// else, and for a function whose code object was made at run time):
/// generated code uses it to recognise its own functions.
pub fn function_code(v: &Value) -> Option<&'static CodeData> {
    match v {
        Value::Function(f) => {
            let data = f.data.get();
            (!std::ptr::eq(data, &RUNTIME_CODE)).then_some(data)
        }
        _ => None,
    }
}

/// The extra attributes for `kwdefaults`, if any.
fn extra_for(kwdefaults: Option<Value>) -> OnceCell<Box<Extra>> {
    let extra = OnceCell::new();
    if kwdefaults.is_some() {
        let _ = extra.set(Box::new(Extra {
            kwdefaults: RefCell::new(kwdefaults),
            ..Extra::default()
        }));
    }
    extra
}

impl Function {
    /// A function object over a `'static` code record; `native: None`
    /// gives a function that runs on the bytecode interpreter.
    pub fn new(
        code: &'static CodeData,
        native: Option<NativeFn>,
        globals: &Globals,
        closure: impl Into<ClosureCells>,
        defaults: impl Into<Defaults>,
        kwdefaults: Option<Value>,
    ) -> Function {
        Function {
            code: StdCell::new(None),
            data: StdCell::new(code),
            closure: closure.into(),
            defaults: RefCell::new(defaults.into()),
            globals: globals.clone(),
            native: StdCell::new(native),
            extra: extra_for(kwdefaults),
        }
    }

    /// A function object over any code object: it runs the code object's
    /// native body if it has one (and [`force_vm`] is off), the
    /// interpreter otherwise.
    ///
    /// ```
    /// use std::rc::Rc;
    /// use py_fn_runtime::{Code, CodeData, Function, Globals, Value};
    /// let data: CodeData = py_fn_bytecode_example();
    /// # fn py_fn_bytecode_example() -> CodeData {
    /// #     use std::borrow::Cow;
    /// #     use py_fn_runtime::Constant;
    /// #     CodeData {
    /// #         argcount: 1, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 2, flags: 3,
    /// #         // RESUME 0; LOAD_FAST 0; LOAD_FAST 0; BINARY_OP 5 (*); CACHE; RETURN_VALUE
    /// #         code: Cow::Owned(vec![151, 0, 124, 0, 124, 0, 122, 5, 0, 0, 83, 0]),
    /// #         consts: Cow::Owned(vec![Constant::None]), names: Cow::Borrowed(&[]),
    /// #         varnames: Cow::Owned(vec![Cow::Borrowed("x")]), cellvars: Cow::Borrowed(&[]),
    /// #         freevars: Cow::Borrowed(&[]), filename: Cow::Borrowed("sq.py"),
    /// #         name: Cow::Borrowed("square"), qualname: Cow::Borrowed("square"),
    /// #         firstlineno: 1, linetable: Cow::Borrowed(&[]), exceptiontable: Cow::Borrowed(&[]),
    /// #     }
    /// # }
    /// let code = Code::from_owned(Rc::new(data));
    /// let g = Globals::new("__main__");
    /// let f = Function::from_code(code, &g, Vec::new(), None, None);
    /// assert_eq!(f.call((7,)).unwrap(), Value::Int(49));
    /// ```
    pub fn from_code(
        code: Rc<Code>,
        globals: &Globals,
        closure: impl Into<ClosureCells>,
        defaults: impl Into<Defaults>,
        kwdefaults: Option<Value>,
    ) -> Function {
        let (data, native) = code_parts(&code);
        Function {
            code: StdCell::new(Some(code)),
            data: StdCell::new(data),
            closure: closure.into(),
            defaults: RefCell::new(defaults.into()),
            globals: globals.clone(),
            native: StdCell::new(native),
            extra: extra_for(kwdefaults),
        }
    }

    /// The function as a Python value. It is registered with the cycle
    /// collector when it can be part of a cycle: it has closure cells, or
    /// defaults, keyword defaults or annotations that are not atomic. A
    /// plain `lambda x, i=i: x + i` is not (it can only be registered later,
    /// when it is given attributes or new defaults).
    #[inline]
    pub(crate) fn into_value(self) -> Value {
        let track = self.needs_tracking();
        let f = Rc::new(self);
        if track {
            crate::gc::track(&f);
        }
        Value::Function(f)
    }

    /// Whether the function holds anything other than its code, globals and
    /// atomic values.
    #[inline]
    fn needs_tracking(&self) -> bool {
        if !self.closure().is_empty() || self.extra.get().is_some() {
            return true;
        }
        match self.defaults.try_borrow() {
            Ok(d) => !d.is_atomic(),
            Err(_) => true,
        }
    }

    /// Reports the references the function holds to the cycle collector.
    pub(crate) fn gc_traverse<V: crate::gc::Visit>(&self, v: &mut V) {
        use crate::gc::ObjRef;
        for cell in self.closure() {
            v.edge(ObjRef::Cell(cell));
        }
        match self.defaults.try_borrow() {
            Ok(d) => match &*d {
                Defaults::None => {}
                Defaults::One(x) | Defaults::Tuple(x) => v.value(x),
            },
            Err(_) => v.busy(),
        }
        if let Some(extra) = self.extra.get() {
            for slot in [
                &extra.kwdefaults,
                &extra.name,
                &extra.qualname,
                &extra.doc,
                &extra.annotations,
            ] {
                match slot.try_borrow() {
                    Ok(x) => {
                        if let Some(x) = &*x {
                            v.value(x);
                        }
                    }
                    Err(_) => v.busy(),
                }
            }
            if let Some(attrs) = extra.attrs.get() {
                v.edge(ObjRef::Dict(attrs));
            }
        }
        v.edge(ObjRef::Globals(self.globals.inner()));
    }

    /// Empties what the function holds, for the cycle collector: defaults,
    /// the rarely set attributes, and the contents of what only it holds
    /// (its `__dict__`, cells no one else has, globals only it uses).
    pub(crate) fn gc_clear(&self) {
        let old = self
            .defaults
            .try_borrow_mut()
            .map(|mut d| std::mem::replace(&mut *d, Defaults::None));
        drop(old);
        if let Some(extra) = self.extra.get() {
            for slot in [
                &extra.kwdefaults,
                &extra.name,
                &extra.qualname,
                &extra.doc,
                &extra.annotations,
            ] {
                crate::gc::take_from(slot);
            }
            if let Some(attrs) = extra.attrs.get() {
                crate::gc::clear_owned_dict(attrs);
            }
        }
        for cell in self.closure() {
            if crate::gc::solely_owned(cell) {
                crate::gc::take_from(&**cell);
            }
        }
        let globals = self.globals.inner();
        if crate::gc::solely_owned(globals) {
            crate::gc::clear_owned_dict(globals.dict());
        }
    }

    /// How many objects CPython would count for the function: itself, its
    /// `__closure__` tuple, and a `__defaults__` tuple that holds a
    /// container (py_fn keeps a single default inline).
    pub(crate) fn gc_weight(&self) -> usize {
        let closure = usize::from(!self.closure().is_empty());
        let defaults = self
            .defaults
            .try_borrow()
            .is_ok_and(|d| matches!(&*d, Defaults::One(x) if !crate::gc::is_atomic(x)));
        1 + closure + usize::from(defaults)
    }

    /// Whether calls run a native body (`false`: the interpreter).
    #[inline]
    pub fn is_native(&self) -> bool {
        self.native.get().is_some()
    }

    /// `f.__code__ = code`: CPython's check that the number of free
    /// variables matches the closure (`ValueError: f() requires a code
    /// object with 1 free vars, not 0`); the function keeps its name,
    /// qualname and doc. Code made at run time is verified first.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use py_fn_runtime::{make_function, CodeData, Constant, Function, Globals, PyResult, Value};
    /// fn code(name: &'static str, k: &'static [Constant]) -> CodeData {
    ///     CodeData {
    ///         argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 1, flags: 3,
    ///         code: Cow::Borrowed(&[151, 0, 100, 0, 83, 0]), // RESUME; LOAD_CONST 0; RETURN_VALUE
    ///         consts: Cow::Borrowed(k), names: Cow::Borrowed(&[]), varnames: Cow::Borrowed(&[]),
    ///         cellvars: Cow::Borrowed(&[]), freevars: Cow::Borrowed(&[]),
    ///         filename: Cow::Borrowed("f.py"), name: Cow::Borrowed(name),
    ///         qualname: Cow::Borrowed(name), firstlineno: 1,
    ///         linetable: Cow::Borrowed(&[]), exceptiontable: Cow::Borrowed(&[]),
    ///     }
    /// }
    /// fn one(_f: &Function, _a: &[Value]) -> PyResult<Value> { Ok(Value::Int(1)) }
    /// let g = Globals::new("__main__");
    /// let f = make_function(Box::leak(Box::new(code("f", &[Constant::Int(1)]))), one, &g,
    ///                       Vec::new(), None, None);
    /// let f = f.as_function().unwrap();
    /// assert!(f.is_native());
    /// let two = py_fn_runtime::Code::from_owned(std::rc::Rc::new(code("g", &[Constant::Int(2)])));
    /// f.set_code(two).unwrap();
    /// assert!(!f.is_native()); // the interpreter runs g's bytecode now
    /// assert_eq!(f.call(()).unwrap(), Value::Int(2));
    /// assert_eq!(f.name(), "f");
    /// ```
    pub fn set_code(&self, code: Rc<Code>) -> PyResult<()> {
        let nfree = code.data().freevars.len();
        let nclosure = self.closure().len();
        if nfree != nclosure {
            return Err(PyErr::value_error(format!(
                "{}() requires a code object with {} free vars, not {}",
                self.name(),
                nclosure,
                nfree
            )));
        }
        if code.native().is_none() {
            crate::vm::check_code(&code, ExcType::ValueError)?;
        }
        // The name, qualname and doc were the old code object's.
        let (name, qualname, doc) = (self.name(), self.qualname(), self.doc());
        let extra = self.extra_mut();
        extra.name.replace(Some(Value::str(name)));
        extra.qualname.replace(Some(Value::str(qualname)));
        extra.doc.replace(Some(doc));
        let (data, native) = code_parts(&code);
        let old = self.code.replace(Some(code));
        self.data.set(data);
        self.native.set(native);
        drop(old);
        Ok(())
    }

    /// The rarely set attributes, made on first use.
    fn extra_mut(&self) -> &Extra {
        self.extra.get_or_init(Box::default)
    }

    /// The `'static` code record of the function's code object: generated
    /// code compares it with its own code objects to recognise its own
    /// functions. A function whose code object was made at run time gives
    /// a record no generated code has.
    #[inline]
    pub fn code_data(&self) -> &'static CodeData {
        self.data.get()
    }

    /// The closure cells, in `co_freevars` order.
    #[inline]
    pub fn closure(&self) -> &[CellRef] {
        self.closure.as_slice()
    }

    /// The closure cells as [`Cell`] handles.
    pub fn cells(&self) -> Vec<Cell> {
        self.closure().iter().cloned().map(Cell).collect()
    }

    /// The module globals.
    #[inline]
    pub fn globals(&self) -> &Globals {
        &self.globals
    }

    /// The code object (`__code__`), made on first use for a `'static`
    /// record (it then learns the function's native body, so that
    /// `types.FunctionType(f.__code__, ...)` runs natively too).
    #[cfg_attr(not(debug_assertions), inline(always))]
    #[cfg_attr(debug_assertions, inline)]
    pub fn code(&self) -> Rc<Code> {
        let code = match self.code.take() {
            Some(c) => c,
            None => self.first_code(),
        };
        self.code.set(Some(code.clone()));
        code
    }

    /// The code object of a `'static` record, made on first use.
    #[cold]
    #[inline(never)]
    fn first_code(&self) -> Rc<Code> {
        let c = Code::from_static(self.data.get());
        if let Some(native) = self.native.get() {
            c.learn_native(native);
        }
        c
    }

    /// The code object as a Python value (the same object each time).
    pub fn code_value(&self) -> Value {
        Value::Code(self.code())
    }

    /// Runs `f` on the code record (the `'static` one without touching the
    /// code object).
    fn with_data<R>(&self, f: impl FnOnce(&CodeData) -> R) -> R {
        let data = self.data.get();
        if std::ptr::eq(data, &RUNTIME_CODE) {
            f(self.code().data())
        } else {
            f(data)
        }
    }

    /// `__name__`.
    pub fn name(&self) -> String {
        match self.extra.get().and_then(|e| e.name.borrow().clone()) {
            Some(v) => v.to_str(),
            None => self.with_data(|d| d.name.to_string()),
        }
    }

    /// `__qualname__`.
    pub fn qualname(&self) -> String {
        match self.extra.get().and_then(|e| e.qualname.borrow().clone()) {
            Some(v) => v.to_str(),
            None => self.with_data(|d| d.qualname.to_string()),
        }
    }

    /// `__annotations__`: a dict, made (and kept) from the name/value
    /// pairs `MAKE_FUNCTION` was given, or a new empty dict.
    pub fn annotations(&self) -> PyResult<Value> {
        let extra = self.extra_mut();
        let current = extra.annotations.borrow().clone();
        let dict = match current {
            Some(d @ Value::Dict(_)) => return Ok(d),
            Some(Value::Tuple(pairs)) => {
                let mut items = Vec::new();
                for pair in pairs.as_slice().chunks(2) {
                    if let [k, v] = pair {
                        items.push((k.clone(), v.clone()));
                    }
                }
                crate::ops::dict(items)?
            }
            _ => crate::ops::dict(Vec::new())?,
        };
        let old = extra.annotations.replace(Some(dict.clone()));
        drop(old);
        Ok(dict)
    }

    /// Sets `__annotations__` (a dict, a tuple of name/value pairs from
    /// `MAKE_FUNCTION`, or `None`).
    pub(crate) fn set_annotations(&self, value: Option<Value>) -> PyResult<()> {
        match &value {
            None | Some(Value::Dict(_)) | Some(Value::Tuple(_)) => {}
            Some(_) => {
                return Err(PyErr::type_error(
                    "__annotations__ must be set to a dict object",
                ))
            }
        }
        let old = self.extra_mut().annotations.replace(value);
        drop(old);
        Ok(())
    }

    /// Runs `f` on the positional defaults (borrowed: `f` must not run
    /// Python code).
    pub(crate) fn with_defaults<R>(&self, f: impl FnOnce(&[Value]) -> R) -> R {
        f(self.defaults.borrow().as_slice())
    }

    /// `__defaults__` (a tuple, or `None`).
    pub fn defaults(&self) -> Option<Value> {
        defaults_value(&self.defaults)
    }

    /// `__kwdefaults__` (a dict, or `None`).
    pub fn kwdefaults(&self) -> Option<Value> {
        self.extra.get()?.kwdefaults.borrow().clone()
    }

    /// `__doc__`.
    pub fn doc(&self) -> Value {
        if let Some(v) = self.extra.get().and_then(|e| e.doc.borrow().clone()) {
            return v;
        }
        let doc = match self.data.get() {
            data if std::ptr::eq(data, &RUNTIME_CODE) => match self.code().consts() {
                Value::Tuple(t) => match t.as_slice().first() {
                    Some(s @ Value::Str(_)) => s.clone(),
                    _ => Value::None,
                },
                _ => Value::None,
            },
            data => match data.consts.first() {
                Some(py_fn_bytecode::Constant::Str(s)) => Value::str(s.as_ref()),
                _ => Value::None,
            },
        };
        let old = self.extra_mut().doc.replace(Some(doc.clone()));
        drop(old);
        doc
    }

    /// What `dis.dis(f)` prints.
    pub fn dis(&self) -> String {
        self.code().dis_recursive()
    }

    /// Calls the function with positional arguments (a Rust tuple).
    pub fn call(&self, args: impl crate::call::IntoArgs) -> PyResult<Value> {
        let args = args.into_args();
        call_function(self, &args, &[])
    }

    /// Calls the function with positional and keyword arguments.
    pub fn call_kw(
        &self,
        args: impl crate::call::IntoArgs,
        kwargs: &[(&str, Value)],
    ) -> PyResult<Value> {
        let (args, names) = crate::call::merge_kwargs(args.into_args(), kwargs);
        call_function(self, &args, &names)
    }

    /// Sets `__name__` / `__qualname__` (`TypeError` unless a str).
    pub(crate) fn set_name(&self, qual: bool, value: Value) -> PyResult<()> {
        if !matches!(value, Value::Str(_)) {
            let which = if qual { "__qualname__" } else { "__name__" };
            return Err(PyErr::type_error(format!(
                "{which} must be set to a string object"
            )));
        }
        let extra = self.extra_mut();
        let slot = if qual { &extra.qualname } else { &extra.name };
        let old = slot.replace(Some(value));
        drop(old);
        Ok(())
    }

    /// Sets `__defaults__` (a tuple or `None`).
    pub(crate) fn set_defaults(&self, value: Value) -> PyResult<()> {
        let new = match value {
            Value::None => None,
            Value::Tuple(_) => Some(value),
            _ => {
                return Err(PyErr::type_error(
                    "__defaults__ must be set to a tuple object",
                ))
            }
        };
        let old = self.defaults.replace(new.into());
        drop(old);
        Ok(())
    }

    /// Sets `__kwdefaults__` (a dict or `None`).
    pub(crate) fn set_kwdefaults(&self, value: Value) -> PyResult<()> {
        let new = match value {
            Value::None => None,
            Value::Dict(_) => Some(value),
            _ => {
                return Err(PyErr::type_error(
                    "__kwdefaults__ must be set to a dict object",
                ))
            }
        };
        let old = self.extra_mut().kwdefaults.replace(new);
        drop(old);
        Ok(())
    }

    /// The function's `__dict__`, made on first use.
    fn attrs_rc(&self) -> &Rc<RefCell<Dict>> {
        self.extra_mut()
            .attrs
            .get_or_init(|| Rc::new(RefCell::new(Dict::new())))
    }

    /// An attribute of the function's `__dict__`.
    pub fn attr(&self, name: &str) -> Option<Value> {
        self.extra.get()?.attrs.get()?.borrow().get_str(name)
    }

    /// `__dict__` as a Python dict.
    pub fn attrs_value(&self) -> Value {
        Value::Dict(self.attrs_rc().clone())
    }

    /// Sets an attribute of the function's `__dict__`.
    pub(crate) fn set_attr(&self, name: &str, value: Value) -> PyResult<()> {
        let old = self.attrs_rc().borrow_mut().set_str(name, value);
        drop(old);
        Ok(())
    }

    /// `del f.name` of an attribute in the function's `__dict__`.
    pub(crate) fn del_attr(&self, name: &str) -> PyResult<()> {
        let removed = match self.extra.get().and_then(|e| e.attrs.get()) {
            Some(attrs) => attrs.borrow_mut().remove(&Value::str(name))?,
            None => None,
        };
        match removed {
            Some(old) => {
                drop(old);
                Ok(())
            }
            None => Err(PyErr::new(
                ExcType::AttributeError,
                format!("'function' object has no attribute '{name}'"),
            )),
        }
    }

    /// Sets `__doc__`.
    pub(crate) fn set_doc(&self, value: Value) {
        let old = self.extra_mut().doc.replace(Some(value));
        drop(old);
    }
}

/// Calls `f`: the last `kwnames.len()` items of `args` are keyword arguments.
///
/// The common case — a native body called with exactly its positional
/// parameters — is inline (the caller's slice is passed straight through);
/// binding keywords and defaults is out of line.
#[inline]
pub(crate) fn call_function(f: &Function, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    let d = f.data.get();
    if let (Some(native), true) = (
        f.native.get(),
        kwnames.is_empty()
            && d.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0
            && d.kwonlyargcount == 0
            && args.len() == d.argcount as usize,
    ) {
        let _depth = DepthGuard::enter()?;
        return native(f, args);
    }
    if let (Some(native), true) = (
        f.native.get(),
        kwnames.is_empty()
            && d.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0
            && d.kwonlyargcount == 0
            && args.len() < d.argcount as usize,
    ) {
        return call_with_defaults(f, native, args);
    }
    call_function_bound(f, args, kwnames)
}

/// Runs a class body (a function whose code object is not `OPTIMIZED`)
/// with `locals` as its namespace: its body receives `locals` as its only
/// argument, and returns the `__class__` cell (or `None`).
pub fn call_with_locals(f: &Function, locals: Value) -> PyResult<Value> {
    let _depth = DepthGuard::enter()?;
    run_body(f, std::slice::from_ref(&locals))
}

/// Runs the function's body over bound arguments: the native body, or the
/// interpreter.
#[inline]
fn run_body(f: &Function, args: &[Value]) -> PyResult<Value> {
    match f.native.get() {
        Some(native) => native(f, args),
        None => crate::vm::vm_body(f, args),
    }
}

/// The `'static` record (or [`RUNTIME_CODE`]) and the native body (if it
/// runs natively) of a function over `code`.
fn code_parts(code: &Code) -> (&'static CodeData, Option<NativeFn>) {
    match code.static_data() {
        Some(data) => (data, if force_vm() { None } else { code.native() }),
        None => (&RUNTIME_CODE, None),
    }
}

/// [`call_function`] with fewer positional arguments than parameters and
/// nothing else to bind: the rest come from `__defaults__` (or, when some
/// have no default, [`call_function_bound`] raises CPython's error).
#[inline(never)]
fn call_with_defaults(f: &Function, native: NativeFn, args: &[Value]) -> PyResult<Value> {
    let argcount = f.data.get().argcount as usize;
    if argcount > INLINE_ARGS {
        return call_function_bound(f, args, &[]);
    }
    let depth = DepthGuard::enter()?;
    let mut out: ManuallyDrop<[Value; INLINE_ARGS]> =
        ManuallyDrop::new(std::array::from_fn(|_| Value::None));
    {
        // Copied out before the call: the body may set `__defaults__`.
        let defaults = f.defaults.borrow();
        let defs: &[Value] = defaults.as_slice();
        let first_default = argcount.checked_sub(defs.len());
        let Some(first_default) = first_default.filter(|&m| args.len() >= m) else {
            drop(defaults);
            drop(depth);
            return call_function_bound(f, args, &[]);
        };
        for (o, a) in out.iter_mut().zip(args) {
            *o = a.clone();
        }
        for (o, v) in out
            .iter_mut()
            .take(argcount)
            .skip(args.len())
            .zip(defs.iter().skip(args.len() - first_default))
        {
            *o = v.clone();
        }
    }
    let result = native(f, out.get(..argcount).unwrap_or(&[]));
    for o in out.iter_mut().take(argcount) {
        discard(std::mem::replace(o, Value::None));
    }
    result
}

/// [`call_function`] when the arguments need binding.
#[inline(never)]
fn call_function_bound(f: &Function, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    let data = f.data.get();
    if std::ptr::eq(data, &RUNTIME_CODE) {
        let code = f.code();
        return call_bound_with(f, code.data(), args, kwnames);
    }
    call_bound_with(f, data, args, kwnames)
}

/// [`call_function_bound`] with the function's code record `d`.
#[inline(always)]
fn call_bound_with(
    f: &Function,
    d: &CodeData,
    args: &[Value],
    kwnames: &[&str],
) -> PyResult<Value> {
    let _depth = DepthGuard::enter()?;
    let total = d.argcount as usize + d.kwonlyargcount as usize;
    if total + 2 <= INLINE_ARGS {
        // Bound on the stack: no allocation unless `*args`/`**kwargs` are
        // made. The arrays are `ManuallyDrop` and only their used part is
        // dropped (inline for values without a heap part): dropping all 8
        // items through the drop glue cost a quarter of W6 (`perf record`).
        let mut slots: ManuallyDrop<[Option<Value>; INLINE_ARGS]> =
            ManuallyDrop::new(Default::default());
        let Some(bound) = slots.get_mut(..total) else {
            return Err(inconsistent(d));
        };
        let (varargs, varkw) = match bind_arguments(f, d, args, kwnames, bound) {
            Ok(extra) => extra,
            Err(e) => {
                for s in slots.iter_mut().take(total) {
                    discard_slot(s.take());
                }
                return Err(e);
            }
        };
        let mut out: ManuallyDrop<[Value; INLINE_ARGS]> =
            ManuallyDrop::new(std::array::from_fn(|_| Value::None));
        for (o, s) in out.iter_mut().zip(slots.iter_mut()).take(total) {
            *o = s.take().unwrap_or(Value::None);
        }
        let mut n = total;
        for extra in [varargs, varkw].into_iter().flatten() {
            if let Some(o) = out.get_mut(n) {
                *o = extra;
            }
            n += 1;
        }
        let result = run_body(f, out.get(..n).unwrap_or(&[]));
        for o in out.iter_mut().take(n) {
            discard(std::mem::replace(o, Value::None));
        }
        return result;
    }
    let mut slots: Vec<Option<Value>> = vec![None; total];
    let (varargs, varkw) = bind_arguments(f, d, args, kwnames, &mut slots)?;
    let mut bound: Vec<Value> = slots
        .into_iter()
        .map(|s| s.unwrap_or(Value::None))
        .collect();
    bound.extend(varargs);
    bound.extend(varkw);
    run_body(f, &bound)
}

/// Drops a value; those without a heap part skip the drop glue.
#[inline]
fn discard(v: Value) {
    match v {
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => std::mem::forget(v),
        other => drop(other),
    }
}

/// [`discard`] for a parameter slot.
#[inline]
fn discard_slot(v: Option<Value>) {
    if let Some(v) = v {
        discard(v);
    }
}

/// Parameters bound on the stack when there are at most this many
/// (`*args` and `**kwargs` included).
const INLINE_ARGS: usize = 8;

/// The error for a code object whose counts do not fit its `co_varnames`.
fn inconsistent(d: &CodeData) -> PyErr {
    PyErr::new(
        ExcType::RuntimeError,
        format!(
            "code object {} has inconsistent argument counts",
            d.qualname
        ),
    )
}

fn varname(d: &CodeData, i: usize) -> &str {
    d.varnames.get(i).map(|s| s.as_ref()).unwrap_or("?")
}

/// CPython's `initialize_locals`: fills `slots` (one per positional and
/// keyword-only parameter, in `co_varnames` order) and returns the `*args`
/// tuple and `**kwargs` dict when the code has them.
fn bind_arguments(
    f: &Function,
    d: &CodeData,
    args: &[Value],
    kwnames: &[&str],
    slots: &mut [Option<Value>],
) -> PyResult<(Option<Value>, Option<Value>)> {
    let argcount = d.argcount as usize;
    let posonly = d.posonlyargcount as usize;
    let total = argcount + d.kwonlyargcount as usize;
    let has_varargs = d.flags & flags::VARARGS != 0;
    let has_varkw = d.flags & flags::VARKEYWORDS != 0;
    let needed = total + has_varargs as usize + has_varkw as usize;
    if needed > d.varnames.len() || posonly > argcount || slots.len() != total {
        return Err(inconsistent(d));
    }
    let nargs = args.len().saturating_sub(kwnames.len());
    let (positional, kwvalues) = args.split_at(nargs);

    let n = nargs.min(argcount);
    for (slot, value) in slots.iter_mut().zip(positional.iter().take(n)) {
        *slot = Some(value.clone());
    }
    let varargs = if has_varargs {
        Some(crate::ops::tuple(
            positional.get(n..).unwrap_or(&[]).to_vec(),
        ))
    } else {
        None
    };
    let mut kwdict = if has_varkw { Some(Dict::new()) } else { None };

    for (name, value) in kwnames.iter().zip(kwvalues) {
        let found = (posonly..total).find(|&i| varname(d, i) == *name);
        match found {
            None => match kwdict.as_mut() {
                Some(kw) => kw.set(Value::str(*name), value.clone())?,
                None => {
                    if posonly > 0 {
                        if let Some(err) = positional_only_passed_as_keyword(f, d, kwnames) {
                            return Err(err);
                        }
                    }
                    return Err(PyErr::type_error(format!(
                        "{}() got an unexpected keyword argument '{}'",
                        f.qualname(),
                        name
                    )));
                }
            },
            Some(i) => {
                let Some(slot) = slots.get_mut(i) else {
                    continue;
                };
                if slot.is_some() {
                    return Err(PyErr::type_error(format!(
                        "{}() got multiple values for argument '{}'",
                        f.qualname(),
                        name
                    )));
                }
                *slot = Some(value.clone());
            }
        }
    }

    if nargs > argcount && !has_varargs {
        return Err(too_many_positional(f, d, nargs, slots));
    }

    if nargs < argcount {
        // Read in place: a single inline default is not turned into a
        // tuple (only `__defaults__` does that), and binding runs no
        // Python code while the slot is borrowed.
        let defaults_slot = f.defaults.borrow();
        let defaults: &[Value] = defaults_slot.as_slice();
        let defcount = defaults.len().min(argcount);
        let m = argcount - defcount;
        let missing: Vec<&str> = (nargs..m)
            .filter(|&i| slots.get(i).is_some_and(|s| s.is_none()))
            .map(|i| varname(d, i))
            .collect();
        if !missing.is_empty() {
            return Err(missing_arguments(f, &missing, "positional"));
        }
        for i in nargs.max(m)..argcount {
            if let Some(slot @ None) = slots.get_mut(i) {
                *slot = defaults.get(i - m).cloned();
            }
        }
    }

    if total > argcount {
        let kwdefaults_value = f.kwdefaults();
        let kwdefaults = match &kwdefaults_value {
            Some(Value::Dict(kd)) => Some(kd.borrow()),
            _ => None,
        };
        let mut missing = Vec::new();
        for i in argcount..total {
            if slots.get(i).is_some_and(|s| s.is_none()) {
                let name = varname(d, i);
                let default = kwdefaults.as_ref().and_then(|kd| kd.get_str(name));
                match default {
                    Some(v) => {
                        if let Some(slot) = slots.get_mut(i) {
                            *slot = Some(v);
                        }
                    }
                    None => missing.push(name),
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_arguments(f, &missing, "keyword-only"));
        }
    }

    let varkw = kwdict.map(crate::ops::dict_value);
    Ok((varargs, varkw))
}

/// `f() takes 2 positional arguments but 3 were given` and its variants.
fn too_many_positional(f: &Function, d: &CodeData, given: usize, slots: &[Option<Value>]) -> PyErr {
    let argcount = d.argcount as usize;
    let kwonly_given = slots.iter().skip(argcount).filter(|s| s.is_some()).count();
    let defcount = f.defaults.borrow().as_slice().len();
    let (sig, plural) = if defcount > 0 {
        let atleast = argcount.saturating_sub(defcount);
        (format!("from {atleast} to {argcount}"), true)
    } else {
        (argcount.to_string(), argcount != 1)
    };
    let kwonly_sig = if kwonly_given > 0 {
        format!(
            " positional argument{} (and {} keyword-only argument{})",
            if given != 1 { "s" } else { "" },
            kwonly_given,
            if kwonly_given != 1 { "s" } else { "" }
        )
    } else {
        String::new()
    };
    PyErr::type_error(format!(
        "{}() takes {} positional argument{} but {}{} {} given",
        f.qualname(),
        sig,
        if plural { "s" } else { "" },
        given,
        kwonly_sig,
        if given == 1 && kwonly_given == 0 {
            "was"
        } else {
            "were"
        }
    ))
}

/// `f() missing 2 required positional arguments: 'a' and 'b'`.
fn missing_arguments(f: &Function, names: &[&str], kind: &str) -> PyErr {
    let quoted: Vec<String> = names
        .iter()
        .map(|n| py_fn_bytecode::repr::str_repr(n))
        .collect();
    let list = match quoted.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., a, b] => format!("{}, {a}, and {b}", rest.join(", ")),
        [] => String::new(),
    };
    PyErr::type_error(format!(
        "{}() missing {} required {} argument{}: {}",
        f.qualname(),
        names.len(),
        kind,
        if names.len() == 1 { "" } else { "s" },
        list
    ))
}

/// `f() got some positional-only arguments passed as keyword arguments: 'a, b'`.
fn positional_only_passed_as_keyword(
    f: &Function,
    d: &CodeData,
    kwnames: &[&str],
) -> Option<PyErr> {
    let posonly = d.posonlyargcount as usize;
    let names: Vec<&str> = kwnames
        .iter()
        .copied()
        .filter(|k| (0..posonly).any(|i| varname(d, i) == *k))
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(PyErr::type_error(format!(
        "{}() got some positional-only arguments passed as keyword arguments: '{}'",
        f.qualname(),
        names.join(", ")
    )))
}
