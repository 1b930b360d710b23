//! `pyfn run FILE.py [ARG...]`: the module run by py_fn's runtime, as
//! `python3 FILE.py [ARG...]` runs it.
//!
//! The file is compiled by py_fn's compiler (CPython 3.11's code objects)
//! and its module code runs on the bytecode interpreter in a fresh
//! namespace whose `__name__` is `"__main__"` (native bodies need rustc,
//! so every function runs on the interpreter too). What CPython does
//! around the program is imitated where a caller can see it:
//!
//! - the file name is made absolute by joining it to the working directory
//!   (no normalisation), as CPython does for its main script: it is
//!   `co_filename`, `__file__` and the name in a compile-error report;
//!   `sys.argv` is the path as given, then the arguments;
//! - a file that cannot be read is `pyfn: can't open file '/abs/x.py':
//!   [Errno 2] No such file or directory`, status 2; a directory runs its
//!   `__main__.py`, or is `can't find '__main__' module in '/abs/dir'`,
//!   status 1; a file that is not UTF-8 is CPython's "Non-UTF-8 code"
//!   `SyntaxError`, status 1; a UTF-8 byte order mark is dropped;
//! - a compile error is the report `pyfn dis` prints (CPython's: the file
//!   and line, the source line, the caret line, `SyntaxError: msg`),
//!   status 1;
//! - an uncaught exception prints `Traceback (most recent call last):` and
//!   the traceback's last line (`ValueError: msg`) on stderr, status 1 —
//!   the frames CPython prints in between are not printed;
//! - an uncaught `SystemExit` exits as CPython does: its `code` as the
//!   status (`None`: 0), or any other code printed on stderr with status 1.
//!
//! The program runs on a thread with a 512 MiB stack, so deep recursion
//! ends in Python's `RecursionError`, not in a Rust stack overflow.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

use py_fn_runtime::{vm, Code, ExcType, Globals, PyErr, Value};

/// The interpreter thread's stack: room for the recursion limit's worth of
/// nested Python calls in a debug build.
const STACK_SIZE: usize = 512 << 20;

/// `pyfn run` with the arguments after `run`.
pub fn main(args: &[String]) -> ExitCode {
    let Some((file, rest)) = args.split_first() else {
        eprintln!("{}", crate::USAGE);
        return ExitCode::from(2);
    };
    let given = Path::new(file);
    let mut path = absolute(given);
    if path.is_dir() {
        let main = path.join("__main__.py");
        if !main.is_file() {
            eprintln!("pyfn: can't find '__main__' module in '{}'", path.display());
            return ExitCode::FAILURE;
        }
        path = main;
    }
    let shown = path.to_string_lossy().into_owned();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("pyfn: can't open file '{shown}': {}", errno_text(&e));
            return ExitCode::from(2);
        }
    };
    let source = match String::from_utf8(bytes) {
        // CPython's file reader drops a UTF-8 byte order mark.
        Ok(s) => match s.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => s,
        },
        Err(e) => {
            eprintln!("{}", non_utf8(&shown, e.as_bytes(), e.utf8_error()));
            return ExitCode::FAILURE;
        }
    };
    let code = match py_fn_compiler::compile_to_run(&source, &shown) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{}", crate::report(&shown, &source, &err));
            return ExitCode::FAILURE;
        }
    };
    let mut argv = vec![file.clone()];
    argv.extend(rest.iter().cloned());
    let spawned = std::thread::Builder::new()
        .name("pyfn run".to_string())
        .stack_size(STACK_SIZE)
        .spawn(move || run_module(code, shown, argv));
    match spawned {
        Err(e) => {
            eprintln!("pyfn: cannot start the interpreter's thread: {e}");
            ExitCode::FAILURE
        }
        Ok(handle) => match handle.join() {
            Ok(status) => ExitCode::from(status),
            // The panic message is already on stderr.
            Err(_) => ExitCode::from(101),
        },
    }
}

/// Runs the module code with `__name__ == "__main__"`; returns the exit
/// status after reporting an uncaught exception.
fn run_module(code: py_fn_bytecode::CodeData, file: String, argv: Vec<String>) -> u8 {
    let globals = Globals::new("__main__");
    py_fn_runtime::store_global(&globals, "__file__", Value::str(file));
    if let Err(err) = set_argv(argv) {
        eprintln!("pyfn: cannot set sys.argv: {err}");
        return 1;
    }
    let code = Code::from_owned(Rc::new(code));
    match vm::run_code(&code, &globals) {
        Ok(_) => 0,
        Err(err) if err.matches(ExcType::SystemExit) => system_exit(&err),
        Err(err) => {
            eprintln!("Traceback (most recent call last):\n{err}");
            1
        }
    }
}

/// `sys.argv = [FILE, ARG...]`.
fn set_argv(argv: Vec<String>) -> Result<(), PyErr> {
    let sys = py_fn_runtime::import_name("sys", &Value::None, 0)?;
    let list = py_fn_runtime::list(argv.into_iter().map(Value::str).collect());
    py_fn_runtime::setattr(&sys, "argv", list)
}

/// CPython's `_Py_HandleSystemExit`: `code` None is status 0, an int is
/// the status (the low 8 bits, as `exit()` passes it on), anything else is
/// printed on stderr and the status is 1.
fn system_exit(err: &PyErr) -> u8 {
    let exc = err.to_value();
    let code = match py_fn_runtime::getattr(&exc, "code") {
        Ok(code) => code,
        Err(_) => code_from_args(&exc),
    };
    match code {
        Value::None => 0,
        Value::Bool(b) => u8::from(b),
        Value::Int(n) => (n & 0xff) as u8,
        // PyLong_AsLong overflows to -1.
        Value::BigInt(_) => 255,
        other => {
            eprintln!("{}", str_of(&other));
            1
        }
    }
}

/// `SystemExit.code` from `args`: None for no argument, the argument for
/// one, the tuple for more.
fn code_from_args(exc: &Value) -> Value {
    let Ok(args) = py_fn_runtime::getattr(exc, "args") else {
        return Value::None;
    };
    match &args {
        Value::Tuple(items) => match items.as_slice() {
            [] => Value::None,
            [one] => one.clone(),
            _ => args.clone(),
        },
        _ => args,
    }
}

/// `str(value)`, by the builtin `str` (so a class's `__str__` runs).
fn str_of(value: &Value) -> String {
    py_fn_runtime::builtin_by_name("str")
        .and_then(|s| py_fn_runtime::call(&Value::Builtin(s), std::slice::from_ref(value)).ok())
        .map(|s| s.to_str())
        .unwrap_or_else(|| value.to_str())
}

/// `path` joined to the working directory if it is relative, without
/// normalising `.` or `..` (CPython's `_Py_abspath`).
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    match std::env::current_dir() {
        Ok(cwd) => cwd.join(path),
        Err(_) => path.to_path_buf(),
    }
}

/// `[Errno 2] No such file or directory`, as Python's `OSError` shows it.
fn errno_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    match e.raw_os_error() {
        Some(n) => {
            let detail = text
                .strip_suffix(&format!(" (os error {n})"))
                .unwrap_or(&text);
            format!("[Errno {n}] {detail}")
        }
        None => text,
    }
}

/// CPython's tokenizer on a file that is not UTF-8 (and declares no other
/// encoding): the first byte that starts no valid sequence and its line.
fn non_utf8(file: &str, bytes: &[u8], e: std::str::Utf8Error) -> String {
    let at = e.valid_up_to();
    let byte = bytes.get(at).copied().unwrap_or(0);
    let before = bytes.get(..at).unwrap_or_default();
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    format!(
        "SyntaxError: Non-UTF-8 code starting with '\\x{byte:02x}' in file {file} on line {line}, \
         but no encoding declared; see https://peps.python.org/pep-0263/ for details"
    )
}
