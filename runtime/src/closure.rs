//! A function's closure cells (`__closure__`, `co_freevars` order): up to
//! two live inside the function object, so making a closure allocates its
//! cells and the function, nothing else.

use crate::cell::CellRef;

/// The closure cells of a [`Function`](crate::Function).
///
/// ```
/// use py_fn_runtime::{new_cell, ClosureCells};
/// let cells = ClosureCells::from([new_cell(), new_cell()]);
/// assert_eq!(cells.as_slice().len(), 2);
/// assert!(ClosureCells::from(Vec::new()).as_slice().is_empty());
/// ```
#[derive(Clone)]
pub enum ClosureCells {
    /// One cell.
    One([CellRef; 1]),
    /// Two cells.
    Two([CellRef; 2]),
    /// None, or more than two.
    Many(Box<[CellRef]>),
}

impl ClosureCells {
    /// The cells as a slice.
    #[inline]
    pub fn as_slice(&self) -> &[CellRef] {
        match self {
            ClosureCells::One(c) => c,
            ClosureCells::Two(c) => c,
            ClosureCells::Many(c) => c,
        }
    }
}

impl<const N: usize> From<[CellRef; N]> for ClosureCells {
    fn from(cells: [CellRef; N]) -> ClosureCells {
        let mut it = cells.into_iter();
        match (N, it.next(), it.next()) {
            (1, Some(a), None) => ClosureCells::One([a]),
            (2, Some(a), Some(b)) => ClosureCells::Two([a, b]),
            (_, a, b) => ClosureCells::Many(a.into_iter().chain(b).chain(it).collect()),
        }
    }
}

impl From<Vec<CellRef>> for ClosureCells {
    fn from(cells: Vec<CellRef>) -> ClosureCells {
        match <[CellRef; 1]>::try_from(cells) {
            Ok(one) => ClosureCells::One(one),
            Err(cells) => match <[CellRef; 2]>::try_from(cells) {
                Ok(two) => ClosureCells::Two(two),
                Err(cells) => ClosureCells::Many(cells.into_boxed_slice()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell::new_cell;

    #[test]
    fn two_cells_stay_inline_and_the_function_stays_small() {
        assert!(matches!(
            ClosureCells::from([new_cell(), new_cell()]),
            ClosureCells::Two(_)
        ));
        assert!(matches!(
            ClosureCells::from(vec![new_cell()]),
            ClosureCells::One(_)
        ));
        for n in [0usize, 3, 5] {
            let cells = ClosureCells::from((0..n).map(|_| new_cell()).collect::<Vec<_>>());
            assert!(matches!(&cells, ClosureCells::Many(c) if c.len() == n));
        }
        // With its two reference counts, a function object fits glibc's
        // fast bins (at most 128 bytes a chunk).
        assert!(std::mem::size_of::<crate::Function>() + 16 <= 112);
    }
}
