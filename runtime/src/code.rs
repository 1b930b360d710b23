//! Code objects as Python values: every `co_*` field, `dis()`, identity
//! (one object per `'static` code record and thread).
//!
//! A [`Code`] is either the macro's `'static` record — which may have a
//! native body, registered with [`register_natives`] or learnt from a
//! function made with it — or an owned record made at run time (the
//! compiler's output, `code.replace(...)`, `types.CodeType(...)`), whose
//! `co_consts` may hold any object. Functions over a code object without
//! a native body run on the bytecode interpreter.

use std::cell::{Cell, OnceCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::Mutex;

use py_fn_bytecode::{CodeData, Constant};

use crate::function::NativeFn;
use crate::value::Value;

/// Where a code object's data lives.
#[derive(Clone, Debug)]
enum Source {
    /// Made by the macro: a `static`.
    Static(&'static CodeData),
    /// Made at run time.
    Owned(Rc<CodeData>),
}

/// A code object: CPython 3.11's `co_*` fields over a [`CodeData`].
pub struct Code {
    source: Source,
    /// `co_consts` as a tuple: made from the record's constants on first
    /// use, or given (run-time constants of any type).
    consts: OnceCell<Value>,
    /// Whether `consts` was given rather than made from the record (then
    /// the record's own `consts` are not `co_consts`).
    runtime_consts: bool,
    /// The native body compiled for this (`'static`) code object, if any.
    native: Cell<Option<NativeFn>>,
    /// The verified, decoded program the interpreter runs (on first run).
    program: OnceCell<Result<py_fn_bytecode::verify::Program, py_fn_bytecode::verify::VerifyError>>,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Code")
            .field("qualname", &self.data().qualname)
            .field("static", &self.static_data().is_some())
            .finish()
    }
}

/// The native bodies the macro compiled, by the address of their
/// `'static` code record (see [`register_natives`]).
static NATIVES: Mutex<BTreeMap<usize, NativeFn>> = Mutex::new(BTreeMap::new());

/// Registers the native bodies compiled for `'static` code objects, so
/// that a function the interpreter makes from one of them
/// (`MAKE_FUNCTION`, `types.FunctionType(code, ...)`) runs natively.
/// Register before the code objects are first used.
///
/// ```
/// use std::borrow::Cow;
/// use py_fn_runtime::{
///     register_natives, Code, CodeData, Constant, Function, NativeFn, PyResult, Value,
/// };
/// static ONE: CodeData = CodeData {
///     argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 1, flags: 3,
///     code: Cow::Borrowed(&[151, 0, 100, 0, 83, 0]), consts: Cow::Borrowed(&[Constant::Int(1)]),
///     names: Cow::Borrowed(&[]), varnames: Cow::Borrowed(&[]), cellvars: Cow::Borrowed(&[]),
///     freevars: Cow::Borrowed(&[]), filename: Cow::Borrowed("one.py"),
///     name: Cow::Borrowed("one"), qualname: Cow::Borrowed("one"), firstlineno: 1,
///     linetable: Cow::Borrowed(&[]), exceptiontable: Cow::Borrowed(&[]),
/// };
/// fn one_native(_f: &Function, _args: &[Value]) -> PyResult<Value> {
///     Ok(Value::Int(2)) // visibly not the bytecode's answer
/// }
/// static NATIVES: [(&CodeData, NativeFn); 1] = [(&ONE, one_native)];
/// register_natives(&NATIVES);
/// assert!(Code::from_static(&ONE).native().is_some());
/// ```
pub fn register_natives(natives: &'static [(&'static CodeData, NativeFn)]) {
    let Ok(mut map) = NATIVES.lock() else {
        return;
    };
    for (code, native) in natives {
        map.insert(*code as *const CodeData as usize, *native);
    }
}

/// The registered native body of a `'static` code record.
fn registered_native(data: &'static CodeData) -> Option<NativeFn> {
    let map = NATIVES.lock().ok()?;
    map.get(&(data as *const CodeData as usize)).copied()
}

thread_local! {
    /// One code object per `'static` record, so `f.__code__ is g.__code__`
    /// holds for two closures of the same `def`.
    static STATIC_CODES: std::cell::RefCell<HashMap<usize, Rc<Code>>> =
        std::cell::RefCell::new(HashMap::new());
}

fn str_tuple(names: &[py_fn_bytecode::Str]) -> Value {
    crate::ops::tuple(names.iter().map(|n| Value::str(n.as_ref())).collect())
}

/// A compile-time constant as a Python value. Complex numbers have no
/// value type in this runtime yet: they become their repr text as a `str`.
pub fn constant_value(c: &Constant) -> Value {
    match c {
        Constant::None => Value::None,
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Int(i) => Value::Int(*i),
        Constant::BigInt(text) => match text.parse::<num_bigint::BigInt>() {
            Ok(b) => Value::from_bigint(b),
            Err(_) => Value::Int(0),
        },
        Constant::Float(x) => Value::Float(*x),
        Constant::Str(s) => Value::str(s.as_ref()),
        Constant::Bytes(b) => Value::Bytes(Rc::new(b.to_vec())),
        Constant::Tuple(items) => crate::ops::tuple(items.iter().map(constant_value).collect()),
        Constant::Code(std::borrow::Cow::Borrowed(data)) => Value::Code(Code::from_static(data)),
        Constant::Code(std::borrow::Cow::Owned(data)) => {
            Value::Code(Code::from_owned(Rc::new(data.clone())))
        }
        Constant::Ellipsis => Value::Ellipsis,
        Constant::FrozenSet(items) => {
            match crate::set::frozenset_const(items.iter().map(constant_value).collect()) {
                Ok(v) => v,
                // Items of a constant are always hashable; stay total anyway.
                Err(_) => Value::str(c.repr()),
            }
        }
        Constant::Complex(_) => Value::str(c.repr()),
    }
}

/// A constant as `dis` shows it: its repr, a code object's with the
/// address written `0x0` (as for compiled constants).
fn dis_repr(v: &Value) -> String {
    match v {
        Value::Code(c) => py_fn_bytecode::repr::code_repr(c.data()),
        other => other.repr(),
    }
}

impl Code {
    /// The code object of a `'static` record (the same object each time on
    /// this thread).
    pub fn from_static(data: &'static CodeData) -> Rc<Code> {
        let key = data as *const CodeData as usize;
        STATIC_CODES.with(|codes| {
            codes
                .borrow_mut()
                .entry(key)
                .or_insert_with(|| {
                    Rc::new(Code {
                        source: Source::Static(data),
                        consts: OnceCell::new(),
                        runtime_consts: false,
                        native: Cell::new(registered_native(data)),
                        program: OnceCell::new(),
                    })
                })
                .clone()
        })
    }

    /// A code object over data made at run time (its constants are the
    /// record's).
    pub fn from_owned(data: Rc<CodeData>) -> Rc<Code> {
        Rc::new(Code {
            source: Source::Owned(data),
            consts: OnceCell::new(),
            runtime_consts: false,
            native: Cell::new(None),
            program: OnceCell::new(),
        })
    }

    /// A code object over data made at run time whose `co_consts` is the
    /// tuple `consts` (any objects); the record's own `consts` are ignored.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use std::rc::Rc;
    /// use py_fn_runtime::{list, tuple, Code, CodeData, Value};
    /// let data: CodeData = CodeData {
    ///     argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 1, flags: 3,
    ///     code: Cow::Borrowed(&[151, 0, 100, 0, 83, 0]), consts: Cow::Borrowed(&[]),
    ///     names: Cow::Borrowed(&[]), varnames: Cow::Borrowed(&[]), cellvars: Cow::Borrowed(&[]),
    ///     freevars: Cow::Borrowed(&[]), filename: Cow::Borrowed("c.py"), name: Cow::Borrowed("c"),
    ///     qualname: Cow::Borrowed("c"), firstlineno: 1, linetable: Cow::Borrowed(&[]),
    ///     exceptiontable: Cow::Borrowed(&[]),
    /// };
    /// // co_consts holds a list, which no compiled code object can.
    /// let code = Code::with_consts(Rc::new(data), tuple(vec![list(vec![Value::Int(7)])]));
    /// assert!(code.runtime_consts());
    /// assert_eq!(code.consts_len(), 1);
    /// assert!(code.dis().contains("LOAD_CONST               0 ([7])"));
    /// ```
    pub fn with_consts(data: Rc<CodeData>, consts: Value) -> Rc<Code> {
        let cell = OnceCell::new();
        let _ = cell.set(consts);
        Rc::new(Code {
            source: Source::Owned(data),
            consts: cell,
            runtime_consts: true,
            native: Cell::new(None),
            program: OnceCell::new(),
        })
    }

    /// Whether `co_consts` holds run-time values given when the code object
    /// was made (rather than the record's compile-time constants).
    pub fn runtime_consts(&self) -> bool {
        self.runtime_consts
    }

    /// The native body compiled for this code object, if it has one (only
    /// `'static` code objects do).
    pub fn native(&self) -> Option<NativeFn> {
        self.native.get()
    }

    /// Records the native body of a `'static` code object (a function made
    /// with it by generated code knows it).
    pub(crate) fn learn_native(&self, native: NativeFn) {
        if self.static_data().is_some() && self.native.get().is_none() {
            self.native.set(Some(native));
        }
    }

    /// The number of constants (`len(co_consts)`).
    pub fn consts_len(&self) -> usize {
        match self.consts.get() {
            Some(Value::Tuple(t)) => t.len(),
            Some(_) => 0,
            None => self.data().consts.len(),
        }
    }

    /// The verified program, decoded on first use (see
    /// [`py_fn_bytecode::verify`]).
    pub(crate) fn program(
        &self,
    ) -> &Result<py_fn_bytecode::verify::Program, py_fn_bytecode::verify::VerifyError> {
        self.program
            .get_or_init(|| py_fn_bytecode::verify::verify(self.data(), self.consts_len()))
    }

    /// The `co_*` record.
    pub fn data(&self) -> &CodeData {
        match &self.source {
            Source::Static(d) => d,
            Source::Owned(d) => d,
        }
    }

    /// The record if it is `'static` (made by the macro).
    pub fn static_data(&self) -> Option<&'static CodeData> {
        match self.source {
            Source::Static(d) => Some(d),
            Source::Owned(_) => None,
        }
    }

    /// `co_consts` as a tuple (the same tuple object each time).
    pub fn consts(&self) -> Value {
        self.consts_ref().clone()
    }

    /// `co_consts`, borrowed (made on first use).
    pub(crate) fn consts_ref(&self) -> &Value {
        self.consts.get_or_init(|| {
            crate::ops::tuple(self.data().consts.iter().map(constant_value).collect())
        })
    }

    /// What `dis.disassemble(code)` prints.
    pub fn dis(&self) -> String {
        if !self.runtime_consts {
            return py_fn_bytecode::dis::disassemble(self.data());
        }
        let consts = self.consts();
        let items: &[Value] = match &consts {
            Value::Tuple(t) => t.as_slice(),
            _ => &[],
        };
        py_fn_bytecode::dis::disassemble_with(self.data(), &|i| items.get(i).map(dis_repr))
    }

    /// What `dis.dis(code)` prints: this code, then every nested code object.
    pub fn dis_recursive(&self) -> String {
        if !self.runtime_consts {
            return py_fn_bytecode::dis::dis_recursive(self.data());
        }
        let mut out = self.dis();
        if let Value::Tuple(t) = self.consts() {
            for c in t.as_slice() {
                if let Value::Code(inner) = c {
                    out.push_str(&format!(
                        "\nDisassembly of {}:\n",
                        py_fn_bytecode::repr::code_repr(inner.data())
                    ));
                    out.push_str(&inner.dis_recursive());
                }
            }
        }
        out
    }

    /// The attribute `name` (`co_*`), if the code object has it.
    pub fn attr(&self, name: &str) -> Option<Value> {
        let d = self.data();
        let int = |i: u32| Value::Int(i as i64);
        Some(match name {
            "co_argcount" => int(d.argcount),
            "co_posonlyargcount" => int(d.posonlyargcount),
            "co_kwonlyargcount" => int(d.kwonlyargcount),
            "co_nlocals" => int(d.nlocals()),
            "co_stacksize" => int(d.stacksize),
            "co_flags" => int(d.flags),
            "co_firstlineno" => int(d.firstlineno),
            "co_code" | "_co_code_adaptive" => Value::Bytes(Rc::new(d.code.to_vec())),
            "co_consts" => self.consts(),
            "co_names" => str_tuple(&d.names),
            "co_varnames" => str_tuple(&d.varnames),
            "co_cellvars" => str_tuple(&d.cellvars),
            "co_freevars" => str_tuple(&d.freevars),
            "co_filename" => Value::str(d.filename.as_ref()),
            "co_name" => Value::str(d.name.as_ref()),
            "co_qualname" => Value::str(d.qualname.as_ref()),
            "co_linetable" => Value::Bytes(Rc::new(d.linetable.to_vec())),
            "co_exceptiontable" => Value::Bytes(Rc::new(d.exceptiontable.to_vec())),
            _ => return None,
        })
    }

    /// `co_argcount` as a Python value.
    pub fn co_argcount(&self) -> Value {
        self.attr("co_argcount").unwrap_or(Value::None)
    }

    /// `co_posonlyargcount` as a Python value.
    pub fn co_posonlyargcount(&self) -> Value {
        self.attr("co_posonlyargcount").unwrap_or(Value::None)
    }

    /// `co_kwonlyargcount` as a Python value.
    pub fn co_kwonlyargcount(&self) -> Value {
        self.attr("co_kwonlyargcount").unwrap_or(Value::None)
    }

    /// `co_nlocals` as a Python value.
    pub fn co_nlocals(&self) -> Value {
        self.attr("co_nlocals").unwrap_or(Value::None)
    }

    /// `co_stacksize` as a Python value.
    pub fn co_stacksize(&self) -> Value {
        self.attr("co_stacksize").unwrap_or(Value::None)
    }

    /// `co_flags` as a Python value.
    pub fn co_flags(&self) -> Value {
        self.attr("co_flags").unwrap_or(Value::None)
    }

    /// `co_firstlineno` as a Python value.
    pub fn co_firstlineno(&self) -> Value {
        self.attr("co_firstlineno").unwrap_or(Value::None)
    }

    /// `co_code` as a Python value.
    pub fn co_code(&self) -> Value {
        self.attr("co_code").unwrap_or(Value::None)
    }

    /// `co_names` as a Python value.
    pub fn co_names(&self) -> Value {
        self.attr("co_names").unwrap_or(Value::None)
    }

    /// `co_varnames` as a Python value.
    pub fn co_varnames(&self) -> Value {
        self.attr("co_varnames").unwrap_or(Value::None)
    }

    /// `co_cellvars` as a Python value.
    pub fn co_cellvars(&self) -> Value {
        self.attr("co_cellvars").unwrap_or(Value::None)
    }

    /// `co_freevars` as a Python value.
    pub fn co_freevars(&self) -> Value {
        self.attr("co_freevars").unwrap_or(Value::None)
    }

    /// `co_filename` as a Python value.
    pub fn co_filename(&self) -> Value {
        self.attr("co_filename").unwrap_or(Value::None)
    }

    /// `co_name` as a Python value.
    pub fn co_name(&self) -> Value {
        self.attr("co_name").unwrap_or(Value::None)
    }

    /// `co_qualname` as a Python value.
    pub fn co_qualname(&self) -> Value {
        self.attr("co_qualname").unwrap_or(Value::None)
    }

    /// `co_linetable` as a Python value.
    pub fn co_linetable(&self) -> Value {
        self.attr("co_linetable").unwrap_or(Value::None)
    }

    /// `co_exceptiontable` as a Python value.
    pub fn co_exceptiontable(&self) -> Value {
        self.attr("co_exceptiontable").unwrap_or(Value::None)
    }

    /// The names of `co_freevars`, as Rust strings.
    pub fn freevars_names(&self) -> &[py_fn_bytecode::Str] {
        &self.data().freevars
    }

    /// The names of `co_cellvars`, as Rust strings.
    pub fn cellvars_names(&self) -> &[py_fn_bytecode::Str] {
        &self.data().cellvars
    }

    /// The names of `co_varnames`, as Rust strings.
    pub fn varnames_names(&self) -> &[py_fn_bytecode::Str] {
        &self.data().varnames
    }

    /// `co_consts` as a Python tuple.
    pub fn co_consts(&self) -> Value {
        self.consts()
    }
}
