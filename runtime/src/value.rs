//! [`Value`]: a Python object as 16 bytes — a tag and one word.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::builtins::Builtin;
use crate::cell::CellRef;
use crate::class::Class;
use crate::code::Code;
use crate::descriptor::{Bound, Descriptor, Super};
use crate::dict::Dict;
use crate::function::Function;
use crate::instance::Instance;
use crate::iter::IterState;
use crate::module::Module;

/// The one pointer type behind every heap object (a cycle collector can
/// replace it without touching generated code).
pub type Shared<T> = Rc<T>;

/// A Python value.
///
/// Small ints, floats, bools and `None` live inline; every other object is
/// one thin shared pointer. Integers are normalised: `BigInt` only holds
/// values outside `i64`.
///
/// The tag is a whole word (`repr(u64)`): a move is two 8-byte copies. With a
/// one-byte tag, `Bool`'s payload sits at byte 1 and moving a `Value` copies
/// bytes 1..8 with overlapping partial loads and stores, which stall store
/// forwarding (measured with `perf annotate` on the W1 benchmark: about 40%
/// of a closure call). `Option<Value>` and `PyResult<Value>` stay 16 bytes.
#[derive(Clone)]
#[repr(u64)]
pub enum Value {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` that fits in `i64`.
    Int(i64),
    /// A `float`.
    Float(f64),
    /// An `int` outside `i64`.
    BigInt(Shared<BigInt>),
    /// A `str`.
    Str(Shared<String>),
    /// A `bytes` object (`co_code`, `co_linetable`).
    Bytes(Shared<Vec<u8>>),
    /// A `list`.
    List(Shared<RefCell<Vec<Value>>>),
    /// A `tuple`.
    Tuple(Shared<crate::tuple::TupleItems>),
    /// A `dict`.
    Dict(Shared<RefCell<Dict>>),
    /// A Python function.
    Function(Shared<Function>),
    /// A code object.
    Code(Shared<Code>),
    /// A cell (`f.__closure__[i]`).
    Cell(CellRef),
    /// A builtin function or type (`len`, `int`).
    Builtin(&'static Builtin),
    /// A method bound to its object (`xs.append`).
    Method(Shared<BoundMethod>),
    /// A `range`.
    Range(Shared<Range>),
    /// An iterator.
    Iter(Shared<RefCell<IterState>>),
    /// A `slice`.
    Slice(Shared<Slice>),
    /// `dict.keys()`, `dict.values()` or `dict.items()`.
    DictView(Shared<DictView>),
    /// A class: one made by a `class` statement, `object`, or a builtin
    /// exception class (`ValueError`).
    Class(Shared<Class>),
    /// An instance of a [`Class`]: a plain object or an exception.
    Instance(Shared<Instance>),
    /// A function bound to an object (`obj.method`, CPython's `method`).
    Bound(Shared<Bound>),
    /// A `staticmethod`, `classmethod` or `property`.
    Descriptor(Shared<Descriptor>),
    /// A `super()` object.
    Super(Shared<Super>),
    /// A module (`sys`, `types`, `dis`, `gc`).
    Module(Shared<Module>),
    /// A generator (a call of a generator function, run by the
    /// interpreter).
    Generator(Shared<crate::vm::Generator>),
    /// A `set`.
    Set(Shared<RefCell<crate::set::SetTable>>),
    /// A `frozenset`.
    FrozenSet(Shared<crate::set::FrozenSet>),
    // The variants without a pointer stay last: with every pointer variant
    // in one run of tags, dropping an `int` is a range check, not an
    // indirect jump through the drop glue's table (dropping W5's 200,000-int
    // list took 8% longer with `Set` and `FrozenSet` after these two).
    /// `NotImplemented`.
    NotImplemented,
    /// `Ellipsis` (`...`).
    Ellipsis,
}

/// A method looked up on an object: `obj.name`, called later.
#[derive(Clone)]
pub struct BoundMethod {
    /// The object (`__self__`).
    pub obj: Value,
    /// The method name.
    pub name: &'static str,
}

/// A `range(start, stop, step)` object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// First value.
    pub start: i64,
    /// End (exclusive).
    pub stop: i64,
    /// Step (never zero).
    pub step: i64,
}

impl Range {
    /// `len(range)`.
    pub fn len(&self) -> i64 {
        let (lo, hi, step) = if self.step > 0 {
            (self.start as i128, self.stop as i128, self.step as i128)
        } else {
            (self.stop as i128, self.start as i128, -(self.step as i128))
        };
        if lo >= hi {
            0
        } else {
            ((hi - lo - 1) / step + 1) as i64
        }
    }

    /// Whether the range is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th item, `0 <= i < len`.
    pub fn item(&self, i: i64) -> i64 {
        (self.start as i128 + i as i128 * self.step as i128) as i64
    }
}

/// A `slice(start, stop, step)` object.
#[derive(Clone)]
pub struct Slice {
    /// `start` (`None` if omitted).
    pub start: Value,
    /// `stop`.
    pub stop: Value,
    /// `step`.
    pub step: Value,
}

/// Which view of a dict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    /// `dict.keys()`.
    Keys,
    /// `dict.values()`.
    Values,
    /// `dict.items()`.
    Items,
}

/// A live view of a dict.
#[derive(Clone)]
pub struct DictView {
    /// The dict.
    pub dict: Shared<RefCell<Dict>>,
    /// Which view.
    pub kind: ViewKind,
}

impl Value {
    /// A `str` constant.
    pub fn str_static(s: &'static str) -> Value {
        Value::Str(Rc::new(s.to_string()))
    }

    /// A `tuple` of `items`.
    ///
    /// ```
    /// use py_fn_runtime::Value;
    /// assert_eq!(Value::tuple([Value::from(1), Value::from("a")]).repr(), "(1, 'a')");
    /// ```
    pub fn tuple(items: impl IntoIterator<Item = Value>) -> Value {
        crate::ops::tuple(items.into_iter().collect())
    }

    /// A `list` of `items`.
    ///
    /// ```
    /// use py_fn_runtime::Value;
    /// assert_eq!(Value::list([Value::from(1), Value::None]).repr(), "[1, None]");
    /// ```
    pub fn list(items: impl IntoIterator<Item = Value>) -> Value {
        crate::ops::list(items.into_iter().collect())
    }

    /// A `bytes` constant.
    pub fn bytes_static(b: &'static [u8]) -> Value {
        Value::Bytes(Rc::new(b.to_vec()))
    }

    /// A `str` value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Rc::new(s.into()))
    }

    /// An int literal beyond `i64`, from its decimal text. Text that is not
    /// a decimal integer gives `0` (the compiler only writes valid text).
    pub fn bigint_static(text: &'static str) -> Value {
        match text.parse::<BigInt>() {
            Ok(b) => Value::from_bigint(b),
            Err(_) => Value::Int(0),
        }
    }

    /// An `int` from a big integer, normalised to `Int` when it fits.
    pub fn from_bigint(b: BigInt) -> Value {
        match i64::try_from(&b) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::BigInt(Rc::new(b)),
        }
    }

    /// Python's type name (`type(x).__name__`).
    pub fn type_name(&self) -> TypeName {
        TypeName(match self {
            Value::Instance(i) => return TypeName(Cow::Owned(i.class().name())),
            other => Cow::Borrowed(other.static_type_name()),
        })
    }

    /// The type name of a value whose type is not a user class (an
    /// instance's is `"object"`).
    fn static_type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::BigInt(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Function(_) => "function",
            Value::Code(_) => "code",
            Value::Cell(_) => "cell",
            Value::Builtin(b) => {
                if b.is_type {
                    "type"
                } else {
                    "builtin_function_or_method"
                }
            }
            Value::Method(_) => "builtin_function_or_method",
            Value::Range(_) => "range",
            Value::Iter(it) => match it.try_borrow() {
                Ok(state) => state.type_name(),
                Err(_) => "iterator",
            },
            Value::Slice(_) => "slice",
            Value::DictView(v) => match v.kind {
                ViewKind::Keys => "dict_keys",
                ViewKind::Values => "dict_values",
                ViewKind::Items => "dict_items",
            },
            Value::Class(_) => "type",
            Value::Instance(_) => "object",
            Value::Bound(b) => match b.func {
                Value::Builtin(_) => "method-wrapper",
                _ => "method",
            },
            Value::Descriptor(d) => d.type_name(),
            Value::Super(_) => "super",
            Value::Module(_) => "module",
            Value::Generator(_) => "generator",
            Value::NotImplemented => "NotImplementedType",
            Value::Ellipsis => "ellipsis",
            Value::Set(_) => "set",
            Value::FrozenSet(_) => "frozenset",
        }
    }

    /// Python's `repr()`.
    pub fn repr(&self) -> String {
        crate::repr::repr(self)
    }

    /// Python's `str()`.
    pub fn to_str(&self) -> String {
        crate::repr::str_of(self)
    }

    /// The address CPython would print for this object (`0x...`): the
    /// heap pointer, or for inline values an address derived from `self`.
    pub fn address(&self) -> usize {
        match self {
            Value::None
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::NotImplemented
            | Value::Ellipsis => self as *const Value as usize,
            Value::BigInt(p) => Rc::as_ptr(p) as usize,
            Value::Str(p) => Rc::as_ptr(p) as usize,
            Value::Bytes(p) => Rc::as_ptr(p) as usize,
            Value::List(p) => Rc::as_ptr(p) as usize,
            Value::Tuple(p) => Rc::as_ptr(p) as usize,
            Value::Dict(p) => Rc::as_ptr(p) as usize,
            Value::Function(p) => Rc::as_ptr(p) as usize,
            Value::Code(p) => Rc::as_ptr(p) as usize,
            Value::Cell(p) => Rc::as_ptr(p) as usize,
            Value::Builtin(b) => *b as *const Builtin as usize,
            Value::Method(p) => Rc::as_ptr(p) as usize,
            Value::Range(p) => Rc::as_ptr(p) as usize,
            Value::Iter(p) => Rc::as_ptr(p) as usize,
            Value::Slice(p) => Rc::as_ptr(p) as usize,
            Value::DictView(p) => Rc::as_ptr(p) as usize,
            Value::Class(p) => Rc::as_ptr(p) as usize,
            Value::Instance(p) => Rc::as_ptr(p) as usize,
            Value::Bound(p) => Rc::as_ptr(p) as usize,
            Value::Descriptor(p) => Rc::as_ptr(p) as usize,
            Value::Super(p) => Rc::as_ptr(p) as usize,
            Value::Module(p) => Rc::as_ptr(p) as usize,
            Value::Set(p) => Rc::as_ptr(p) as usize,
            Value::FrozenSet(p) => Rc::as_ptr(p) as usize,
            Value::Generator(p) => Rc::as_ptr(p) as usize,
        }
    }
}

impl std::fmt::Display for Value {
    /// Python's `str()`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_str())
    }
}

impl std::fmt::Debug for Value {
    /// Python's `repr()`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

impl PartialEq for Value {
    /// Python's `==` (never fails for the types of this runtime).
    fn eq(&self, other: &Value) -> bool {
        crate::compare::py_eq(self, other)
    }
}

/// A type's name as [`Value::type_name`] gives it: `'static` for builtin
/// types, owned for instances of user classes. `Display`s as the name and
/// compares equal to a `&str`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeName(pub Cow<'static, str>);

impl TypeName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TypeName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for TypeName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<str> for TypeName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}
