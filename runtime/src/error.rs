//! [`PyErr`]: a Python exception (type and message), and constructors for
//! the messages CPython 3.11 writes.

use std::cell::OnceCell;

use crate::instance::Instance;
use crate::value::{Shared, Value};

/// `Result` of a Python operation.
pub type PyResult<T> = Result<T, PyErr>;

pub use crate::exc_type::ExcType;

#[derive(Clone)]
struct ErrInner {
    /// The builtin class of the exception, or the nearest builtin class a
    /// user-defined exception class derives from.
    kind: ExcType,
    /// `str(exc)` of an exception raised by the runtime (made lazily into
    /// `args`); empty for one raised from Python (`instance` says it all).
    message: String,
    /// The key of a `KeyError`, the value of a `StopIteration`.
    value: Option<Value>,
    /// The exception object: given by `raise`, or made on first use.
    instance: OnceCell<Shared<Instance>>,
    /// Whether `instance` was given (raised from Python code).
    raised: bool,
}

/// A Python exception raised at run time.
///
/// `Display` prints the last line of CPython's traceback:
/// `TypeError: f() takes 1 positional argument but 2 were given`,
/// `KeyError: 'zzz'`, or just `StopIteration` for an empty message.
#[derive(Clone)]
pub struct PyErr(Box<ErrInner>);

impl PyErr {
    /// An exception of type `kind` with `message` (`str(exc)`).
    pub fn new(kind: ExcType, message: impl Into<String>) -> PyErr {
        PyErr(Box::new(ErrInner {
            kind,
            message: message.into(),
            value: None,
            instance: OnceCell::new(),
            raised: false,
        }))
    }

    /// The exception raised by `raise exc` where `exc` is an exception
    /// object (an instance of a class deriving from `BaseException`).
    pub fn from_instance(inst: Shared<Instance>) -> PyErr {
        let kind = inst.exc_type().unwrap_or(ExcType::Exception);
        let instance = OnceCell::new();
        let _ = instance.set(inst);
        PyErr(Box::new(ErrInner {
            kind,
            message: String::new(),
            value: None,
            instance,
            raised: true,
        }))
    }

    /// The exception object (`except E as e`), made on first use for an
    /// exception the runtime raised: its `args` are the message (none when
    /// empty), the missing key, or the `StopIteration` value.
    pub fn instance(&self) -> Shared<Instance> {
        self.0
            .instance
            .get_or_init(|| {
                let args = match (&self.0.value, self.0.kind) {
                    (Some(v), ExcType::KeyError | ExcType::StopIteration) => vec![v.clone()],
                    _ if self.0.message.is_empty() => Vec::new(),
                    _ => vec![Value::str(self.0.message.as_str())],
                };
                Instance::new_exception(crate::class::exc_class(self.0.kind), args)
            })
            .clone()
    }

    /// The exception object as a value.
    pub fn to_value(&self) -> Value {
        Value::Instance(self.instance())
    }

    /// The class of the exception (`type(e)`).
    pub fn class(&self) -> Shared<crate::class::Class> {
        match self.0.instance.get() {
            Some(i) => i.class().clone(),
            None => crate::class::exc_class(self.0.kind),
        }
    }

    /// `StopIteration(value)`: a generator returned `value`.
    pub fn stop_iteration_with(value: Value) -> PyErr {
        let mut err = PyErr::new(ExcType::StopIteration, value.to_str());
        err.0.value = Some(value);
        err
    }

    /// The exception type.
    pub fn kind(&self) -> ExcType {
        self.0.kind
    }

    /// Whether an `except kind:` clause catches this exception.
    pub fn matches(&self, kind: ExcType) -> bool {
        self.0.kind.is_subclass_of(kind)
    }

    /// `str(exc)` (a user-defined `__str__` that raises gives
    /// `<exception str() failed>`, as CPython's traceback printer writes).
    pub fn message(&self) -> String {
        if !self.0.raised {
            return self.0.message.clone();
        }
        let inst = self.instance();
        crate::dunder::exception_text(&inst)
            .unwrap_or_else(|_| "<exception str() failed>".to_string())
    }

    /// The object carried by the exception: the missing key of a
    /// `KeyError`, the value of a `StopIteration`.
    pub fn value(&self) -> Option<&Value> {
        self.0.value.as_ref()
    }

    /// `TypeError: message`.
    pub fn type_error(message: impl Into<String>) -> PyErr {
        PyErr::new(ExcType::TypeError, message)
    }

    /// `ValueError: message`.
    pub fn value_error(message: impl Into<String>) -> PyErr {
        PyErr::new(ExcType::ValueError, message)
    }

    /// `IndexError: message`.
    pub fn index_error(message: impl Into<String>) -> PyErr {
        PyErr::new(ExcType::IndexError, message)
    }

    /// `OverflowError: message`.
    pub fn overflow_error(message: impl Into<String>) -> PyErr {
        PyErr::new(ExcType::OverflowError, message)
    }

    /// `ZeroDivisionError: message`.
    pub fn zero_division(message: impl Into<String>) -> PyErr {
        PyErr::new(ExcType::ZeroDivisionError, message)
    }

    /// `KeyError: <repr of key>`.
    pub fn key_error(key: &Value) -> PyErr {
        let mut err = PyErr::new(ExcType::KeyError, key.repr());
        err.0.value = Some(key.clone());
        err
    }

    /// `StopIteration` (empty message).
    pub fn stop_iteration() -> PyErr {
        PyErr::new(ExcType::StopIteration, "")
    }

    /// `AttributeError: 'T' object has no attribute 'name'`.
    pub fn no_attribute(obj: &Value, name: &str) -> PyErr {
        let message = match obj {
            // A type (`range`, `int`): CPython's `type_getattro` text.
            Value::Builtin(b) if b.is_type => {
                format!("type object '{}' has no attribute '{}'", b.name, name)
            }
            _ => format!("'{}' object has no attribute '{}'", obj.type_name(), name),
        };
        PyErr::new(ExcType::AttributeError, message)
    }

    /// `TypeError: 'T' object is not iterable`.
    pub fn not_iterable(obj: &Value) -> PyErr {
        PyErr::type_error(format!("'{}' object is not iterable", obj.type_name()))
    }
}

impl PyErr {
    /// The exception's name as the last line of a traceback writes it:
    /// the class's `__qualname__`, after its module unless that is
    /// `builtins` or `__main__`.
    pub fn type_display(&self) -> String {
        if !self.0.raised {
            return self.0.kind.name().to_string();
        }
        let class = self.class();
        match class.module() {
            Value::Str(m) if m.as_str() != "builtins" && m.as_str() != "__main__" => {
                format!("{}.{}", m, class.qualname())
            }
            _ => class.qualname(),
        }
    }
}

impl std::fmt::Display for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = self.message();
        let name = self.type_display();
        if message.is_empty() {
            f.write_str(&name)
        } else {
            write!(f, "{name}: {message}")
        }
    }
}

impl std::fmt::Debug for ErrInner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PyErr")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .finish()
    }
}

impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PyErr({self})")
    }
}

impl std::error::Error for PyErr {}

/// `UnboundLocalError: cannot access local variable 'x' where it is not
/// associated with a value`.
pub fn unbound_local(name: &str) -> PyErr {
    PyErr::new(
        ExcType::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

/// `NameError: cannot access free variable 'x' where it is not associated
/// with a value in enclosing scope`.
pub fn unbound_free(name: &str) -> PyErr {
    PyErr::new(
        ExcType::NameError,
        format!(
            "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
        ),
    )
}

/// `NameError: name 'x' is not defined`.
pub fn name_not_defined(name: &str) -> PyErr {
    PyErr::new(ExcType::NameError, format!("name '{name}' is not defined"))
}
