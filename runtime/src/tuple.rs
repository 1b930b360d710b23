//! The items of a tuple: up to two live inside the tuple's own allocation,
//! so a small tuple (a function's `__defaults__`, a pair) is one
//! allocation, not a reference-counted box plus a `Vec` buffer.

use std::ops::Deref;

use crate::value::Value;

/// How many items a tuple keeps inline.
const INLINE: usize = 2;

/// The items of a tuple (dereferences to `[Value]`).
///
/// ```
/// use py_fn_runtime::{tuple_of, Value};
/// let t = tuple_of([Value::Int(1), Value::Int(2)]);
/// let Value::Tuple(items) = &t else { unreachable!() };
/// assert_eq!(items.len(), 2);
/// assert_eq!(t.repr(), "(1, 2)");
/// ```
#[derive(Clone, Debug)]
pub enum TupleItems {
    /// At most two items; the slots past `len` hold `None`.
    Inline {
        /// How many of `items` are the tuple's.
        len: u8,
        /// The items, then padding.
        items: [Value; INLINE],
    },
    /// More items.
    Heap(Vec<Value>),
    /// A struct sequence (`sys.version_info`): a tuple whose items are
    /// also attributes, with a repr that names them.
    Named(&'static StructSeq, Vec<Value>),
}

/// The type of a struct sequence (CPython's `PyStructSequence`).
///
/// ```
/// use py_fn_runtime::StructSeq;
/// static PAIR: StructSeq = StructSeq { name: "pair", fields: &["first", "second"] };
/// assert_eq!(PAIR.fields.len(), 2);
/// ```
#[derive(Debug)]
pub struct StructSeq {
    /// The type's qualified name in its repr (`sys.version_info`).
    pub name: &'static str,
    /// The names of the items, in order.
    pub fields: &'static [&'static str],
}

impl TupleItems {
    /// A struct sequence of type `kind` (as many items as it has fields).
    ///
    /// ```
    /// use py_fn_runtime::{getattr, StructSeq, TupleItems, Value};
    /// static POINT: StructSeq = StructSeq { name: "point", fields: &["x", "y"] };
    /// let p = Value::Tuple(std::rc::Rc::new(TupleItems::named(&POINT, vec![Value::Int(1), Value::Int(2)])));
    /// assert_eq!(p.repr(), "point(x=1, y=2)");
    /// assert_eq!(getattr(&p, "y").unwrap(), Value::Int(2));
    /// assert_eq!(p, py_fn_runtime::tuple(vec![Value::Int(1), Value::Int(2)]));
    /// ```
    pub fn named(kind: &'static StructSeq, items: Vec<Value>) -> TupleItems {
        TupleItems::Named(kind, items)
    }

    /// The struct sequence type, if this tuple is one.
    ///
    /// ```
    /// use py_fn_runtime::TupleItems;
    /// assert!(TupleItems::from(vec![]).struct_seq().is_none());
    /// ```
    pub fn struct_seq(&self) -> Option<&'static StructSeq> {
        match self {
            TupleItems::Named(kind, _) => Some(kind),
            _ => None,
        }
    }

    /// The item a struct sequence calls `name`.
    ///
    /// ```
    /// use py_fn_runtime::{StructSeq, TupleItems, Value};
    /// static P: StructSeq = StructSeq { name: "p", fields: &["x"] };
    /// assert_eq!(TupleItems::named(&P, vec![Value::Int(4)]).field("x"), Some(&Value::Int(4)));
    /// ```
    pub fn field(&self, name: &str) -> Option<&Value> {
        let TupleItems::Named(kind, items) = self else {
            return None;
        };
        let i = kind.fields.iter().position(|f| *f == name)?;
        items.get(i)
    }
}

impl TupleItems {
    /// The items as a slice.
    pub fn as_slice(&self) -> &[Value] {
        match self {
            TupleItems::Inline { len, items } => items.get(..usize::from(*len)).unwrap_or(&[]),
            TupleItems::Heap(v) | TupleItems::Named(_, v) => v,
        }
    }

    /// The items from an array: inline when there are few.
    pub fn from_array<const N: usize>(items: [Value; N]) -> TupleItems {
        if N > INLINE {
            return TupleItems::Heap(Vec::from(items));
        }
        let mut it = items.into_iter();
        let a = it.next().unwrap_or(Value::None);
        let b = it.next().unwrap_or(Value::None);
        TupleItems::Inline {
            len: N as u8,
            items: [a, b],
        }
    }
}

impl From<Vec<Value>> for TupleItems {
    fn from(items: Vec<Value>) -> TupleItems {
        if items.len() > INLINE {
            return TupleItems::Heap(items);
        }
        let len = items.len() as u8;
        let mut it = items.into_iter();
        let a = it.next().unwrap_or(Value::None);
        let b = it.next().unwrap_or(Value::None);
        TupleItems::Inline { len, items: [a, b] }
    }
}

impl Deref for TupleItems {
    type Target = [Value];

    fn deref(&self) -> &[Value] {
        self.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_tuples_are_inline_and_big_ones_are_not() {
        for n in 0..6 {
            let items: Vec<Value> = (0..n).map(Value::Int).collect();
            let t = TupleItems::from(items.clone());
            assert_eq!(matches!(t, TupleItems::Inline { .. }), n <= 2);
            assert_eq!(t.len(), n as usize);
            for (a, b) in t.iter().zip(&items) {
                assert!(matches!((a, b), (Value::Int(x), Value::Int(y)) if x == y));
            }
        }
        let t = TupleItems::from_array([Value::Int(7)]);
        assert_eq!(t.len(), 1);
        assert!(matches!(t.first(), Some(Value::Int(7))));
        assert_eq!(TupleItems::from_array::<0>([]).len(), 0);
        assert_eq!(
            TupleItems::from_array([Value::None, Value::None, Value::None]).len(),
            3
        );
    }
}
