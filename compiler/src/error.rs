//! Compile errors: CPython's `SyntaxError` family, plus constructs that a
//! later tier of the py_fn subset brings.

use std::fmt;

/// Which Python exception class a compile error is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `SyntaxError`.
    SyntaxError,
    /// `IndentationError` (a subclass of `SyntaxError`).
    IndentationError,
    /// `TabError` (a subclass of `IndentationError`).
    TabError,
    /// Valid Python that the py_fn subset does not accept yet.
    Unsupported,
}

impl ErrorKind {
    /// The Python class name (`"SyntaxError"`); `Unsupported` reads `"NotImplementedError"`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
            ErrorKind::Unsupported => "NotImplementedError",
        }
    }
}

/// A compile error with CPython's message and location.
///
/// `line` is 1-based; `col` and `end_col` are 0-based character columns, so
/// CPython's `SyntaxError.offset` is `col + 1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// The exception class.
    pub kind: ErrorKind,
    /// The message exactly as `SyntaxError.msg` on CPython 3.11.
    pub msg: String,
    /// First line (1-based).
    pub line: u32,
    /// First column (0-based, characters).
    pub col: u32,
    /// Last line (1-based).
    pub end_line: u32,
    /// End column (0-based, exclusive, characters).
    pub end_col: u32,
}

impl CompileError {
    /// A `SyntaxError` over `loc`.
    pub fn syntax(msg: impl Into<String>, loc: crate::ast::Loc) -> Self {
        Self::new(ErrorKind::SyntaxError, msg, loc)
    }

    /// An error of `kind` over `loc`.
    pub fn new(kind: ErrorKind, msg: impl Into<String>, loc: crate::ast::Loc) -> Self {
        CompileError {
            kind,
            msg: msg.into(),
            line: loc.line,
            col: loc.col,
            end_line: loc.end_line,
            end_col: loc.end_col,
        }
    }

    /// A construct of a later tier: `"<what> are not supported yet (tier N of the py_fn subset)"`.
    pub fn unsupported(what: &str, tier: u8, loc: crate::ast::Loc) -> Self {
        Self::new(
            ErrorKind::Unsupported,
            format!("{what} not supported yet (tier {tier} of the py_fn subset)"),
            loc,
        )
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Unsupported => write!(f, "{}", self.msg),
            k => write!(f, "{}: {}", k.name(), self.msg),
        }
    }
}

impl std::error::Error for CompileError {}

/// Result alias for the compiler.
pub type CompileResult<T> = Result<T, CompileError>;
