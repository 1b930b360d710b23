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
//! ```

use std::path::Path;
use std::process::ExitCode;

use py_fn_compiler::CompileError;

mod pyc;

const USAGE: &str = "usage: pyfn <dis|json|expand|explain> FILE.py
       pyfn explain --dot FILE.py
       pyfn pyc FILE.py [-o OUT.pyc] [--hash[=checked|unchecked]]";

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
                    (default: timestamp-based, the source's mtime and size)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("pyc") {
        return pyc::main(&args[1..]);
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

/// `File "x.py", line N` with the source line and a caret, then the error line.
fn report(file: &str, source: &str, err: &CompileError) -> String {
    let text = source
        .lines()
        .nth((err.line as usize).saturating_sub(1))
        .unwrap_or("");
    let indent = text.len() - text.trim_start().len();
    let caret_col = (err.col as usize).saturating_sub(indent);
    let width = if err.end_line == err.line && err.end_col > err.col {
        (err.end_col - err.col) as usize
    } else {
        1
    };
    format!(
        "  File \"{file}\", line {}\n    {}\n    {}{}\n{err}",
        err.line,
        text.trim_start(),
        " ".repeat(caret_col),
        "^".repeat(width)
    )
}
