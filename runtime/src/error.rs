//! [`PyErr`]: a Python exception (type and message), and constructors for
//! the messages CPython 3.11 writes.

use crate::value::Value;

/// `Result` of a Python operation.
pub type PyResult<T> = Result<T, PyErr>;

/// A builtin exception type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExcType {
    /// `Exception`.
    Exception,
    /// `TypeError`.
    TypeError,
    /// `ValueError`.
    ValueError,
    /// `NameError`.
    NameError,
    /// `UnboundLocalError`.
    UnboundLocalError,
    /// `ZeroDivisionError`.
    ZeroDivisionError,
    /// `IndexError`.
    IndexError,
    /// `KeyError`.
    KeyError,
    /// `AttributeError`.
    AttributeError,
    /// `RecursionError`.
    RecursionError,
    /// `OverflowError`.
    OverflowError,
    /// `StopIteration`.
    StopIteration,
    /// `RuntimeError`.
    RuntimeError,
    /// `NotImplementedError`.
    NotImplementedError,
    /// `AssertionError`.
    AssertionError,
    /// `MemoryError`.
    MemoryError,
    /// `LookupError`.
    LookupError,
    /// `ArithmeticError`.
    ArithmeticError,
}

impl ExcType {
    /// The base class (`None` for `Exception`), as in CPython 3.11's
    /// exception hierarchy.
    pub fn base(self) -> Option<ExcType> {
        use ExcType::*;
        match self {
            Exception => None,
            ZeroDivisionError | OverflowError => Some(ArithmeticError),
            IndexError | KeyError => Some(LookupError),
            UnboundLocalError => Some(NameError),
            RecursionError | NotImplementedError => Some(RuntimeError),
            _ => Some(Exception),
        }
    }

    /// `issubclass(self, other)`.
    pub fn is_subclass_of(self, other: ExcType) -> bool {
        let mut t = Some(self);
        while let Some(k) = t {
            if k == other {
                return true;
            }
            t = k.base();
        }
        false
    }

    /// The type's `__name__`.
    pub fn name(self) -> &'static str {
        match self {
            ExcType::Exception => "Exception",
            ExcType::TypeError => "TypeError",
            ExcType::ValueError => "ValueError",
            ExcType::NameError => "NameError",
            ExcType::UnboundLocalError => "UnboundLocalError",
            ExcType::ZeroDivisionError => "ZeroDivisionError",
            ExcType::IndexError => "IndexError",
            ExcType::KeyError => "KeyError",
            ExcType::AttributeError => "AttributeError",
            ExcType::RecursionError => "RecursionError",
            ExcType::OverflowError => "OverflowError",
            ExcType::StopIteration => "StopIteration",
            ExcType::RuntimeError => "RuntimeError",
            ExcType::NotImplementedError => "NotImplementedError",
            ExcType::AssertionError => "AssertionError",
            ExcType::MemoryError => "MemoryError",
            ExcType::LookupError => "LookupError",
            ExcType::ArithmeticError => "ArithmeticError",
        }
    }
}

#[derive(Clone, Debug)]
struct ErrInner {
    kind: ExcType,
    message: String,
    value: Option<Value>,
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
        }))
    }

    /// The exception type.
    pub fn kind(&self) -> ExcType {
        self.0.kind
    }

    /// Whether an `except kind:` clause catches this exception.
    pub fn matches(&self, kind: ExcType) -> bool {
        self.0.kind.is_subclass_of(kind)
    }

    /// `str(exc)`.
    pub fn message(&self) -> &str {
        &self.0.message
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

impl std::fmt::Display for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.message.is_empty() {
            f.write_str(self.0.kind.name())
        } else {
            write!(f, "{}: {}", self.0.kind.name(), self.0.message)
        }
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
