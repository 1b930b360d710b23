//! CPython 3.11's location table (`co_linetable`, `Objects/locations.md`):
//! encoding it from per-instruction positions, and decoding it back into
//! the line numbers `dis` prints.

/// A source position of one instruction: lines 1-based, columns 0-based
/// (CPython stores UTF-8 byte offsets; py_fn uses character offsets, which
/// agree for ASCII source).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Start line.
    pub line: u32,
    /// End line.
    pub end_line: u32,
    /// Start column.
    pub col: u32,
    /// End column.
    pub end_col: u32,
}

/// One run of code units that share a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineEntry {
    /// Number of code units (2-byte words, inline caches included) covered.
    pub units: u32,
    /// The position, or `None` for instructions without a location
    /// (`COPY_FREE_VARS`, `MAKE_CELL`, ...).
    pub pos: Option<Position>,
}
