//! `pyfn`: look at what py_fn makes of a Python file.
//!
//! ```text
//! pyfn dis FILE.py      what dis.dis prints for the module's code objects
//! pyfn json FILE.py     the code objects as the oracle's JSON
//! pyfn expand FILE.py   the Rust that py_fn!(file = "FILE.py") expands to
//! pyfn explain FILE.py  cells, closures and every name's scope, opcodes and Rust form
//! pyfn explain --dot FILE.py   the cells shared between functions, as Graphviz
//! pyfn pyc FILE.py [-o OUT.pyc] [--hash[=checked|unchecked]]
//!                       a .pyc CPython 3.11 runs (python3 OUT.pyc)
//! pyfn run FILE.py [ARG...]
//!                       the program run by py_fn's interpreter, as python3 runs it
//! ```

use std::path::Path;
use std::process::ExitCode;

use py_fn_compiler::{CompileError, ErrorKind};

mod pyc;
mod run;

const USAGE: &str = "usage: pyfn <dis|json|expand|explain> FILE.py
       pyfn explain --dot FILE.py
       pyfn pyc FILE.py [-o OUT.pyc] [--hash[=checked|unchecked]]
       pyfn run FILE.py [ARG...]";

const HELP: &str = "
  dis FILE.py       what dis.dis prints for the module's code objects
  json FILE.py      the code objects as the oracle's JSON
  expand FILE.py    the Rust that py_fn!(file = \"FILE.py\") expands to
  explain FILE.py   cells, closures and every name's scope, opcodes and Rust form
  explain --dot     the cells shared between functions, as Graphviz
  pyc FILE.py       a .pyc of the module that CPython 3.11 runs (python3 OUT.pyc)
                    or imports; co_filename is FILE.py as given
      -o OUT.pyc    where to write it (default: FILE.py's path with .pyc in
                    place of its extension, beside the source)
      --hash        a checked hash-based .pyc (PEP 552), flags 3
      --hash=unchecked   an unchecked hash-based .pyc, flags 1
                    (default: timestamp-based, the source's mtime and size)
  run FILE.py [ARG...]
                    runs the program on py_fn's runtime (py_fn's compiler,
                    every function on the bytecode interpreter) as
                    python3 FILE.py [ARG...] does: __name__ == \"__main__\",
                    sys.argv == [FILE.py, ARG...], the same stdout and exit
                    status. A compile error prints CPython's SyntaxError
                    report (status 1). An uncaught exception prints
                    \"Traceback (most recent call last):\" and the
                    traceback's last line (status 1): only that last line
                    is CPython's, the frames python3 prints between are
                    left out. SystemExit exits with its code; a file that
                    cannot be read is status 2.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("pyc") => return pyc::main(&args[1..]),
        Some("run") => return run::main(&args[1..]),
        _ => {}
    }
    let (cmd, file) = match args.as_slice() {
        [cmd, flag, file] if cmd == "explain" && flag == "--dot" => {
            ("explain --dot", file.as_str())
        }
        [cmd, flag] if cmd == "explain" && flag == "--dot" => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
        [cmd, file] => (cmd.as_str(), file.as_str()),
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}\n{HELP}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let path = Path::new(file);
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("pyfn: cannot read {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // CPython's oracle compiles with the file's base name as co_filename.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    let result = match cmd {
        "dis" => py_fn_compiler::compile(&source, &name)
            .map(|code| py_fn_bytecode::dis::dis_recursive(&code)),
        "json" => py_fn_compiler::compile(&source, &name)
            .map(|code| py_fn_bytecode::json::case_json(&name, &code)),
        "expand" => expand(&source, &name),
        "explain" => py_fn_compiler::explain::explain_source(&source, &name).map(|e| e.to_text()),
        "explain --dot" => {
            py_fn_compiler::explain::explain_source(&source, &name).map(|e| e.to_dot())
        }
        _ => {
            eprintln!("pyfn: unknown command `{cmd}`\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{}", report(file, &source, &err));
            ExitCode::FAILURE
        }
    }
}

fn expand(source: &str, name: &str) -> Result<String, CompileError> {
    let opts = py_fn_compiler::rustgen::RustgenOptions {
        krate: quote::quote!(::py_fn),
    };
    py_fn_compiler::compile_to_rust(source, name, &opts).map(|tokens| format!("{tokens}\n"))
}

/// CPython's report of an uncaught `SyntaxError` (`print_exception` and
/// `print_error_text` in 3.11's `Python/pythonrun.c`): `  File "x.py",
/// line N`, the source line without its indentation, a caret line under
/// the error's columns, then `SyntaxError: msg`.
///
/// As in CPython, an `IndentationError` or `TabError` gets one caret, an
/// error spanning lines is underlined to the end of its first line, and
/// there is no caret line when the column falls in the indentation.
fn report(file: &str, source: &str, err: &CompileError) -> String {
    let mut out = format!("  File \"{file}\", line {}\n", err.line);
    if let Some(text) = source.lines().nth((err.line as usize).wrapping_sub(1)) {
        out.push_str(&error_text(text, err));
    }
    out.push_str(&err.to_string());
    out
}

/// The source line and its caret line (`print_error_text`), with the
/// offsets as `parse_syntax_error` reads them from the exception.
fn error_text(text: &str, err: &CompileError) -> String {
    // SyntaxError.offset and .end_offset are 1-based; CPython's `text` keeps
    // its newline.
    let line_size = text.chars().count() as i64 + 1;
    let offset = i64::from(err.col) + 1;
    let (end_line, mut end_offset) = match err.kind {
        ErrorKind::IndentationError | ErrorKind::TabError => (err.line, -1),
        _ => (err.end_line, i64::from(err.end_col) + 1),
    };
    if end_line > err.line {
        end_offset = line_size;
    }
    end_offset = end_offset.min(line_size + 1);
    let carets = if end_offset > 0 && end_offset > offset {
        end_offset - offset
    } else {
        1
    };
    let stripped = text.trim_start_matches([' ', '\t', '\x0c']);
    let indent = (text.chars().count() - stripped.chars().count()) as i64;
    let column = (offset - 1 - indent).min(stripped.chars().count() as i64);
    let mut out = format!("    {stripped}\n");
    if column >= 0 {
        out.push_str(&format!(
            "    {}{}\n",
            " ".repeat(column as usize),
            "^".repeat(carets as usize)
        ));
    }
    out
}
