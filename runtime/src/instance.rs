//! Instances of classes: plain objects with a `__dict__`, and exceptions
//! (`args`, `__cause__`, `__context__`).
//!
//! ```
//! use py_fn_runtime::{exc_class, ExcType, Instance, Value};
//! let e = Instance::new_exception(exc_class(ExcType::ValueError), vec![Value::str("bad")]);
//! assert_eq!(Value::Instance(e.clone()).to_string(), "bad");
//! assert_eq!(Value::Instance(e).repr(), "ValueError('bad')");
//! ```

use std::cell::{Cell as StdCell, OnceCell, RefCell};
use std::rc::Rc;

use crate::class::Class;
use crate::dict::Dict;
use crate::exc_type::ExcType;
use crate::value::{Shared, Value};

/// An instance of a [`Class`].
pub struct Instance {
    class: Shared<Class>,
    dict: OnceCell<Shared<RefCell<Dict>>>,
    exc: Option<Box<ExcState>>,
}

/// What every exception object carries (CPython's `PyBaseExceptionObject`).
pub struct ExcState {
    /// `args` (a tuple).
    pub args: RefCell<Value>,
    /// `__cause__` (`raise ... from cause`).
    pub cause: RefCell<Value>,
    /// `__context__`: the exception being handled when this one was raised.
    pub context: RefCell<Value>,
    /// `__suppress_context__`.
    pub suppress_context: StdCell<bool>,
    /// The attributes particular to the exception's class that are set
    /// (`errno`, `code`, `name`, ...; see `exc_init`).
    pub members: RefCell<Vec<(&'static str, Value)>>,
}

impl Instance {
    /// A new plain object of `class` (`object.__new__`); an exception class
    /// gets an exception object with empty `args`.
    pub fn new(class: Shared<Class>) -> Shared<Instance> {
        if class.exc_type().is_some() {
            return Instance::new_exception(class, Vec::new());
        }
        let inst = Rc::new(Instance {
            class,
            dict: OnceCell::new(),
            exc: None,
        });
        crate::gc::track(&inst);
        inst
    }

    /// A new exception object of `class` with `args` (`BaseException.__new__`).
    pub fn new_exception(class: Shared<Class>, args: Vec<Value>) -> Shared<Instance> {
        let members = crate::exc_init::initial_members(class.exc_type(), &args);
        let inst = Rc::new(Instance {
            class,
            dict: OnceCell::new(),
            exc: Some(Box::new(ExcState {
                args: RefCell::new(crate::ops::tuple(args)),
                cause: RefCell::new(Value::None),
                context: RefCell::new(Value::None),
                suppress_context: StdCell::new(false),
                members: RefCell::new(members),
            })),
        });
        crate::gc::track(&inst);
        inst
    }

    /// `type(self)`.
    pub fn class(&self) -> &Shared<Class> {
        &self.class
    }

    /// `__dict__`, made on first use.
    pub fn dict(&self) -> &Shared<RefCell<Dict>> {
        self.dict.get_or_init(|| Rc::new(RefCell::new(Dict::new())))
    }

    /// Reports the references the instance holds to the cycle collector.
    /// Its `__dict__` is looked into as part of it while no one else holds
    /// the dict (CPython 3.11 keeps such attributes inline, so they are not
    /// an object of their own in `gc.collect()`'s count).
    pub(crate) fn gc_traverse<V: crate::gc::Visit>(&self, v: &mut V) {
        use crate::gc::ObjRef;
        v.edge(ObjRef::Class(&self.class));
        if let Some(d) = self.dict.get() {
            if crate::gc::solely_owned(d) {
                match d.try_borrow() {
                    Ok(d) => {
                        for (k, x) in d.iter() {
                            v.value(k);
                            v.value(x);
                        }
                    }
                    Err(_) => v.busy(),
                }
            } else {
                v.edge(ObjRef::Dict(d));
            }
        }
        if let Some(e) = &self.exc {
            for slot in [&e.args, &e.cause, &e.context] {
                match slot.try_borrow() {
                    Ok(x) => v.value(&x),
                    Err(_) => v.busy(),
                }
            }
            match e.members.try_borrow() {
                Ok(m) => m.iter().for_each(|(_, x)| v.value(x)),
                Err(_) => v.busy(),
            }
        }
    }

    /// Empties the instance for the cycle collector: its own `__dict__`,
    /// and an exception's `args`, `__cause__` and `__context__`.
    pub(crate) fn gc_clear(&self) {
        if let Some(d) = self.dict.get() {
            crate::gc::clear_owned_dict(d);
        }
        if let Some(e) = &self.exc {
            for slot in [&e.args, &e.cause, &e.context] {
                let old = slot
                    .try_borrow_mut()
                    .map(|mut x| std::mem::replace(&mut *x, Value::None));
                drop(old);
            }
            crate::gc::take_from(&e.members);
        }
    }

    /// The attribute `name` of the instance's own `__dict__`.
    pub fn own(&self, name: &str) -> Option<Value> {
        self.dict.get()?.borrow().get_str(name)
    }

    /// The exception state, if this is an exception.
    pub fn exc(&self) -> Option<&ExcState> {
        self.exc.as_deref()
    }

    /// The builtin exception class this exception's class derives from.
    pub fn exc_type(&self) -> Option<ExcType> {
        self.class.exc_type()
    }

    /// `args` as a vector (empty for a non-exception).
    pub fn args(&self) -> Vec<Value> {
        match &self.exc {
            Some(e) => match &*e.args.borrow() {
                Value::Tuple(t) => t.to_vec(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        }
    }
}

/// `BaseException.__str__`: `''`, `str(args[0])`, or `str(args)`;
/// `KeyError.__str__` uses `repr` for a single argument.
pub fn exception_str(inst: &Instance) -> crate::error::PyResult<String> {
    if let Some(text) = crate::exc_init::special_str(inst) {
        return text;
    }
    let args = inst.args();
    match args.as_slice() {
        [] => Ok(String::new()),
        [one] => {
            if inst.exc_type() == Some(ExcType::KeyError) {
                crate::repr::checked_repr(one)
            } else {
                crate::repr::checked_str(one)
            }
        }
        _ => crate::repr::checked_str(&crate::ops::tuple(args)),
    }
}

/// `BaseException.__repr__`: `ValueError('x')`, `ValueError('a', 2)`, `E()`.
pub fn exception_repr(inst: &Instance) -> crate::error::PyResult<String> {
    let args = inst.args();
    let name = inst.class.name();
    match args.as_slice() {
        [one] => Ok(format!("{name}({})", crate::repr::checked_repr(one)?)),
        _ => Ok(format!(
            "{name}{}",
            crate::repr::checked_repr(&crate::ops::tuple(args))?
        )),
    }
}
