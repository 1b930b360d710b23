//! Python functions: [`Function`], [`make_function`], and argument binding
//! exactly as CPython 3.11's `initialize_locals` (same TypeError texts).

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
}

/// One level of Python call depth, released on drop.
struct DepthGuard;

impl DepthGuard {
    #[inline]
    fn enter() -> PyResult<DepthGuard> {
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
/// Making one allocates only the object itself: the code object, `__name__`,
/// `__qualname__`, `__doc__` and `__dict__` are made on first use (`None` in
/// the name and doc slots means "as the code object says").
pub struct Function {
    code: OnceCell<Rc<Code>>,
    data: &'static CodeData,
    closure: ClosureCells,
    defaults: RefCell<Defaults>,
    globals: Globals,
    native: Option<NativeFn>,
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
}

/// `MAKE_FUNCTION`: a function over a `'static` code object with its
/// native body, closure cells (`co_freevars` order), defaults (a tuple)
/// and keyword-only defaults (a dict).
pub fn make_function(
    code: &'static CodeData,
    native: NativeFn,
    globals: &Globals,
    closure: impl Into<ClosureCells>,
    defaults: impl Into<Defaults>,
    kwdefaults: Option<Value>,
) -> Value {
    Value::Function(Rc::new(Function::new(
        code,
        Some(native),
        globals,
        closure,
        defaults,
        kwdefaults,
    )))
}

/// The `'static` code record of a function value (`None` for anything
/// else): generated code uses it to recognise its own functions.
pub fn function_code(v: &Value) -> Option<&'static CodeData> {
    match v {
        Value::Function(f) => Some(f.data),
        _ => None,
    }
}

impl Function {
    /// A function object; `native: None` gives a function whose calls
    /// raise (no bytecode interpreter yet).
    pub fn new(
        code: &'static CodeData,
        native: Option<NativeFn>,
        globals: &Globals,
        closure: impl Into<ClosureCells>,
        defaults: impl Into<Defaults>,
        kwdefaults: Option<Value>,
    ) -> Function {
        let extra = OnceCell::new();
        if kwdefaults.is_some() {
            let _ = extra.set(Box::new(Extra {
                kwdefaults: RefCell::new(kwdefaults),
                ..Extra::default()
            }));
        }
        Function {
            code: OnceCell::new(),
            data: code,
            closure: closure.into(),
            defaults: RefCell::new(defaults.into()),
            globals: globals.clone(),
            native,
            extra,
        }
    }

    /// The rarely set attributes, made on first use.
    fn extra_mut(&self) -> &Extra {
        self.extra.get_or_init(Box::default)
    }

    /// The `'static` code record the function was made from: generated
    /// code compares it with its own code objects to recognise its own
    /// functions.
    pub fn code_data(&self) -> &'static CodeData {
        self.data
    }

    /// The closure cells, in `co_freevars` order.
    pub fn closure(&self) -> &[CellRef] {
        self.closure.as_slice()
    }

    /// The closure cells as [`Cell`] handles.
    pub fn cells(&self) -> Vec<Cell> {
        self.closure().iter().cloned().map(Cell).collect()
    }

    /// The module globals.
    pub fn globals(&self) -> &Globals {
        &self.globals
    }

    /// The shared code object, made on first use.
    fn code_rc(&self) -> &Rc<Code> {
        self.code.get_or_init(|| Code::from_static(self.data))
    }

    /// The code object (`__code__`).
    pub fn code(&self) -> &Code {
        self.code_rc()
    }

    /// The code object as a Python value (the same object each time).
    pub fn code_value(&self) -> Value {
        Value::Code(self.code_rc().clone())
    }

    /// `__name__`.
    pub fn name(&self) -> String {
        match self.extra.get().and_then(|e| e.name.borrow().clone()) {
            Some(v) => v.to_str(),
            None => self.data.name.to_string(),
        }
    }

    /// `__qualname__`.
    pub fn qualname(&self) -> String {
        match self.extra.get().and_then(|e| e.qualname.borrow().clone()) {
            Some(v) => v.to_str(),
            None => self.data.qualname.to_string(),
        }
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
        let doc = match self.data.consts.first() {
            Some(py_fn_bytecode::Constant::Str(s)) => Value::str(s.as_ref()),
            _ => Value::None,
        };
        let old = self.extra_mut().doc.replace(Some(doc.clone()));
        drop(old);
        doc
    }

    /// What `dis.dis(f)` prints.
    pub fn dis(&self) -> String {
        self.code_rc().dis_recursive()
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
    let d = f.data;
    if let (Some(native), true) = (
        f.native,
        kwnames.is_empty()
            && d.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0
            && d.kwonlyargcount == 0
            && args.len() == d.argcount as usize,
    ) {
        let _depth = DepthGuard::enter()?;
        return native(f, args);
    }
    if let (Some(native), true) = (
        f.native,
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
    let Some(native) = f.native else {
        return Err(PyErr::new(
            ExcType::NotImplementedError,
            format!(
                "{}() has no native body and the bytecode interpreter is not available",
                f.qualname()
            ),
        ));
    };
    let _depth = DepthGuard::enter()?;
    native(f, std::slice::from_ref(&locals))
}

/// [`call_function`] with fewer positional arguments than parameters and
/// nothing else to bind: the rest come from `__defaults__` (or, when some
/// have no default, [`call_function_bound`] raises CPython's error).
#[inline(never)]
fn call_with_defaults(f: &Function, native: NativeFn, args: &[Value]) -> PyResult<Value> {
    let argcount = f.data.argcount as usize;
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
    let Some(native) = f.native else {
        return Err(PyErr::new(
            ExcType::NotImplementedError,
            format!(
                "{}() has no native body and the bytecode interpreter is not available",
                f.qualname()
            ),
        ));
    };
    let d = f.data;
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
        let (varargs, varkw) = match bind_arguments(f, args, kwnames, bound) {
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
        let result = native(f, out.get(..n).unwrap_or(&[]));
        for o in out.iter_mut().take(n) {
            discard(std::mem::replace(o, Value::None));
        }
        return result;
    }
    let mut slots: Vec<Option<Value>> = vec![None; total];
    let (varargs, varkw) = bind_arguments(f, args, kwnames, &mut slots)?;
    let mut bound: Vec<Value> = slots
        .into_iter()
        .map(|s| s.unwrap_or(Value::None))
        .collect();
    bound.extend(varargs);
    bound.extend(varkw);
    native(f, &bound)
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
    args: &[Value],
    kwnames: &[&str],
    slots: &mut [Option<Value>],
) -> PyResult<(Option<Value>, Option<Value>)> {
    let d = f.data;
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
                        if let Some(err) = positional_only_passed_as_keyword(f, kwnames) {
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
        return Err(too_many_positional(f, nargs, slots));
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

    let varkw = kwdict.map(|kw| Value::Dict(Rc::new(RefCell::new(kw))));
    Ok((varargs, varkw))
}

/// `f() takes 2 positional arguments but 3 were given` and its variants.
fn too_many_positional(f: &Function, given: usize, slots: &[Option<Value>]) -> PyErr {
    let d = f.data;
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
fn positional_only_passed_as_keyword(f: &Function, kwnames: &[&str]) -> Option<PyErr> {
    let d = f.data;
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
