//! Conversions between Rust values and [`Value`].

use crate::error::PyErr;
use crate::int::{as_int, IntRef};
use crate::value::Value;

impl From<()> for Value {
    fn from(_: ()) -> Value {
        Value::None
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::Int(i as i64)
    }
}

impl From<u32> for Value {
    fn from(i: u32) -> Value {
        Value::Int(i as i64)
    }
}

impl From<usize> for Value {
    fn from(i: usize) -> Value {
        match i64::try_from(i) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::from_bigint(num_bigint::BigInt::from(i as u64)),
        }
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Float(x)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::str(s)
    }
}

impl From<num_bigint::BigInt> for Value {
    fn from(b: num_bigint::BigInt) -> Value {
        Value::from_bigint(b)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    /// A Python list.
    fn from(items: Vec<T>) -> Value {
        crate::ops::list(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    /// `None` for `None`.
    fn from(v: Option<T>) -> Value {
        v.map(Into::into).unwrap_or(Value::None)
    }
}

macro_rules! tuple_from {
    ($($name:ident),+) => {
        impl<$($name: Into<Value>),+> From<($($name,)+)> for Value {
            /// A Python tuple.
            #[allow(non_snake_case)]
            fn from(t: ($($name,)+)) -> Value {
                let ($($name,)+) = t;
                crate::ops::tuple(vec![$($name.into()),+])
            }
        }
    };
}

tuple_from!(A);
tuple_from!(A, B);
tuple_from!(A, B, C);
tuple_from!(A, B, C, D);
tuple_from!(A, B, C, D, E);
tuple_from!(A, B, C, D, E, F);

fn mismatch(expected: &str, v: &Value) -> PyErr {
    PyErr::type_error(format!(
        "expected {expected}, got '{}' object",
        v.type_name()
    ))
}

impl TryFrom<&Value> for i64 {
    type Error = PyErr;
    /// An int (or bool) that fits in `i64`.
    fn try_from(v: &Value) -> Result<i64, PyErr> {
        match as_int(v) {
            Some(IntRef::Small(i)) => Ok(i),
            Some(IntRef::Big(_)) => Err(PyErr::overflow_error(
                "Python int too large to convert to C long",
            )),
            None => Err(mismatch("int", v)),
        }
    }
}

impl TryFrom<&Value> for f64 {
    type Error = PyErr;
    /// A float, or an int converted to float.
    fn try_from(v: &Value) -> Result<f64, PyErr> {
        match v {
            Value::Float(x) => Ok(*x),
            _ => match as_int(v) {
                Some(i) => i.to_f64(),
                None => Err(mismatch("float", v)),
            },
        }
    }
}

impl TryFrom<&Value> for bool {
    type Error = PyErr;
    /// A bool (not Python truthiness: other types are a TypeError).
    fn try_from(v: &Value) -> Result<bool, PyErr> {
        match v {
            Value::Bool(b) => Ok(*b),
            _ => Err(mismatch("bool", v)),
        }
    }
}

impl TryFrom<&Value> for String {
    type Error = PyErr;
    /// A str.
    fn try_from(v: &Value) -> Result<String, PyErr> {
        match v {
            Value::Str(s) => Ok(s.as_ref().clone()),
            _ => Err(mismatch("str", v)),
        }
    }
}

impl TryFrom<&Value> for Vec<Value> {
    type Error = PyErr;
    /// The items of a list or tuple.
    fn try_from(v: &Value) -> Result<Vec<Value>, PyErr> {
        match v {
            Value::List(l) => Ok(l.borrow().clone()),
            Value::Tuple(t) => Ok(t.to_vec()),
            _ => Err(mismatch("list or tuple", v)),
        }
    }
}

macro_rules! try_from_owned {
    ($($t:ty),*) => {$(
        impl TryFrom<Value> for $t {
            type Error = PyErr;
            fn try_from(v: Value) -> Result<$t, PyErr> {
                <$t>::try_from(&v)
            }
        }
    )*};
}

try_from_owned!(i64, f64, bool, String, Vec<Value>);

impl Value {
    /// The function object inside, if this is a Python function.
    pub fn as_function(&self) -> Option<&crate::function::Function> {
        match self {
            Value::Function(f) => Some(f),
            _ => None,
        }
    }

    /// The cell inside, if this is a cell.
    pub fn as_cell(&self) -> Option<crate::cell::Cell> {
        match self {
            Value::Cell(c) => Some(crate::cell::Cell(c.clone())),
            _ => None,
        }
    }

    /// Calls the value with positional arguments from Rust.
    pub fn call(&self, args: impl crate::call::IntoArgs) -> crate::error::PyResult<Value> {
        crate::call::call_into_args(self, args)
    }

    /// `self.name`.
    pub fn getattr(&self, name: &str) -> crate::error::PyResult<Value> {
        crate::attr::getattr(self, name)
    }
}
