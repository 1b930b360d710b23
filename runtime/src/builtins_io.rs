//! The builtins that talk to the process: `input` (a line from stdin, the
//! prompt on the stdout sink of `print`), `exit` and `quit` (CPython's
//! `site.Quitter`: they raise `SystemExit`), and `__import__`.
//!
//! [`with_stdin`] gives `input` a text to read instead of the process's
//! stdin (for tests and embedding), as [`capture_stdout`] does for `print`.
//!
//! ```
//! use py_fn_runtime::{builtin, call, capture_stdout, with_stdin, Value};
//! let input = builtin("input").unwrap();
//! let (printed, line) = capture_stdout(|| {
//!     with_stdin("Ada\nBob\n", || call(&input, &[Value::str("name? ")]))
//! });
//! assert_eq!(printed, "name? ");
//! assert_eq!(line.unwrap().to_string(), "Ada");
//! let err = call(&builtin("exit").unwrap(), &[Value::Int(3)]).unwrap_err();
//! assert_eq!(err.to_string(), "SystemExit: 3");
//! ```
//!
//! [`capture_stdout`]: crate::capture_stdout

use std::cell::RefCell;
use std::io::BufRead;

use crate::argparse::Params;
use crate::error::{ExcType, PyErr, PyResult};
use crate::methods::Args;
use crate::value::Value;

thread_local! {
    /// Texts `input` reads from instead of stdin, innermost last.
    static STDIN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Pops the text pushed by [`with_stdin`], also on unwinding.
struct StdinGuard {
    depth: usize,
}

impl Drop for StdinGuard {
    fn drop(&mut self) {
        STDIN.with(|s| s.borrow_mut().truncate(self.depth));
    }
}

/// Runs `f` with `input()` reading its lines from `text` (what is left of
/// it is dropped afterwards). Nests: the innermost text is read.
///
/// ```
/// use py_fn_runtime::{builtin, call, with_stdin};
/// let input = builtin("input").unwrap();
/// let lines = with_stdin("a\nb", || (call(&input, &[]), call(&input, &[]), call(&input, &[])));
/// assert_eq!(lines.0.unwrap().to_string(), "a");
/// assert_eq!(lines.1.unwrap().to_string(), "b");
/// assert_eq!(lines.2.unwrap_err().to_string(), "EOFError: EOF when reading a line");
/// ```
pub fn with_stdin<R>(text: &str, f: impl FnOnce() -> R) -> R {
    let depth = STDIN.with(|s| {
        let mut s = s.borrow_mut();
        s.push(text.to_string());
        s.len() - 1
    });
    let _guard = StdinGuard { depth };
    f()
}

/// One line of input with its newline, `None` at end of file.
pub(crate) fn read_line() -> PyResult<Option<Vec<u8>>> {
    let fed = STDIN.with(|s| {
        let mut s = s.borrow_mut();
        let text = s.last_mut()?;
        let end = text.find('\n').map_or(text.len(), |i| i + 1);
        let line: String = text.drain(..end).collect();
        Some(line)
    });
    if let Some(line) = fed {
        return Ok((!line.is_empty()).then(|| line.into_bytes()));
    }
    let mut buf = Vec::new();
    match std::io::stdin().lock().read_until(b'\n', &mut buf) {
        Ok(0) => Ok(None),
        Ok(_) => Ok(Some(buf)),
        Err(e) => Err(PyErr::new(ExcType::OSError, e.to_string())),
    }
}

/// `input(prompt='', /)`.
pub(crate) fn b_input(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    a.range("input", "input", 0, 1)?;
    if let Some(prompt) = a.get(0) {
        crate::print::write_stdout(&crate::repr::checked_str(prompt)?);
    }
    let Some(mut line) = read_line()? else {
        return Err(PyErr::new(ExcType::EOFError, "EOF when reading a line"));
    };
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    match String::from_utf8(line) {
        Ok(s) => Ok(Value::str(s)),
        Err(e) => {
            let bytes = e.into_bytes();
            crate::codecs::decode(&bytes, "utf-8", "strict").map(Value::str)
        }
    }
}

/// `exit(code=None)` and `quit(code=None)`: `raise SystemExit(code)`.
fn quitter(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    if a.pos.len() > 1 {
        return Err(PyErr::type_error(format!(
            "Quitter.__call__() takes from 1 to 2 positional arguments but {} were given",
            a.pos.len() + 1
        )));
    }
    let mut code = a.get(0).cloned();
    for (k, v) in &a.kw {
        if *k != "code" {
            return Err(PyErr::type_error(format!(
                "Quitter.__call__() got an unexpected keyword argument '{k}'"
            )));
        }
        if code.is_some() {
            return Err(PyErr::type_error(
                "Quitter.__call__() got multiple values for argument 'code'",
            ));
        }
        code = Some((*v).clone());
    }
    Err(crate::exc_init::raise_builtin(
        ExcType::SystemExit,
        vec![code.unwrap_or(Value::None)],
    ))
}

/// `exit(code=None)`.
pub(crate) fn b_exit(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    quitter(args, kw)
}

/// `quit(code=None)`.
pub(crate) fn b_quit(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    quitter(args, kw)
}

static IMPORT: Params = Params::new(
    "__import__",
    &["name", "globals", "locals", "fromlist", "level"],
    1,
);

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
pub(crate) fn b_import(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let a = Args::new(args, kw);
    let slots = IMPORT.unpack(&a)?;
    let name = match slots.first().copied().flatten() {
        Some(Value::Str(s)) => s.as_str(),
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "module name must be str, not {}",
                other.type_name()
            )))
        }
        None => "",
    };
    let fromlist = slots
        .get(3)
        .copied()
        .flatten()
        .cloned()
        .unwrap_or(Value::None);
    let level = match slots.get(4).copied().flatten() {
        Some(v) => crate::methods::as_index(v)?,
        None => 0,
    };
    if level < 0 {
        return Err(PyErr::value_error("level must be >= 0"));
    }
    crate::module::import_name(name, &fromlist, level.min(u32::MAX as i64) as u32)
}
