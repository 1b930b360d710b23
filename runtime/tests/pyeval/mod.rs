//! Python expressions run on py_fn's interpreter and compared with what
//! python3 printed for them.
//!
//! A fixture `fixtures/eval/NAME.expected` is written by
//! `fixtures/eval/gen_eval.py` from `NAME.cases`: the setup code, a line
//! `%%`, then one line per case, `SOURCE<TAB>RESULT`. A case is an
//! expression (RESULT is the `repr` of its value) or, after `! `, a
//! statement (RESULT is `ok`); an exception gives the last line of its
//! traceback instead. What the case printed comes first, between `<<` and
//! `>>`. Newlines in a result are written as `␤`.
//!
//! Each case is compiled with py_fn's compiler and run as module code on
//! the interpreter, in one namespace shared by the setup and every case of
//! the file, in order, as python3 ran them.

#![allow(dead_code)]

use std::rc::Rc;

use py_fn_runtime::{capture_stdout, vm, Code, Globals, PyResult, Value};

/// The setup and the `(source, expected)` cases of a fixture.
pub fn parse(text: &str) -> (String, Vec<(String, String)>) {
    let (setup, body) = text.split_once("\n%%\n").unwrap_or(("", text));
    let cases = body
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (src, expected) = l.split_once('\t').unwrap_or((l, ""));
            (src.to_string(), expected.to_string())
        })
        .collect();
    (setup.to_string(), cases)
}

/// Compiles `source` as a module and runs it in `globals`.
pub fn run(source: &str, globals: &Globals) -> PyResult<Value> {
    let data = py_fn_compiler::compile(source, "<case>").map_err(|e| {
        py_fn_runtime::PyErr::new(py_fn_runtime::ExcType::SystemError, format!("compile: {e}"))
    })?;
    let code = Code::from_owned(Rc::new(data));
    vm::run_code(&code, globals)
}

/// What python3 printed for one case (see the module docs), from py_fn.
pub fn eval_case(src: &str, globals: &Globals) -> String {
    let (printed, result) = capture_stdout(|| -> PyResult<String> {
        if let Some(stmt) = src.strip_prefix("! ") {
            run(&format!("{stmt}\n"), globals)?;
            return Ok("ok".to_string());
        }
        run(&format!("__result__ = repr(({src}))\n"), globals)?;
        Ok(globals
            .get("__result__")
            .map(|v| v.to_str())
            .unwrap_or_default())
    });
    let shown = match result {
        Ok(r) => r,
        Err(e) => e.to_string(),
    };
    let text = if printed.is_empty() {
        shown
    } else {
        format!("<<{printed}>>{shown}")
    };
    text.replace('\n', "␤")
}

/// Runs every case of a fixture; returns how many ran, and panics with
/// every difference from python3's results.
pub fn check(name: &str, text: &str) -> usize {
    let text = text.to_string();
    let name = name.to_string();
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let (setup, cases) = parse(&text);
            let globals = Globals::new("__main__");
            let mut failures = Vec::new();
            let (_, setup_result) = capture_stdout(|| run(&setup, &globals));
            if let Err(e) = setup_result {
                failures.push(format!("{name}: setup: {e}"));
            }
            for (src, expected) in &cases {
                let got = eval_case(src, &globals);
                if &got != expected {
                    failures.push(format!(
                        "{name}: {src}\n    python3: {expected}\n    py_fn:   {got}"
                    ));
                }
            }
            (cases.len(), failures)
        })
        .expect("spawn a test thread");
    let (n, failures) = handle.join().expect("no panic");
    assert!(
        failures.is_empty(),
        "{} of {n} cases differ from python3:\n{}",
        failures.len(),
        failures.join("\n")
    );
    n
}
