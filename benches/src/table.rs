//! The markdown table of one run, and splicing it into the README.

use std::path::Path;

use crate::measure::Outcome;
use crate::workloads::Workload;

/// The outcomes of one workload.
pub struct Row {
    /// The workload.
    pub workload: Workload,
    /// CPython 3.11 (subprocess).
    pub cpython: Outcome,
    /// `py_fn!`.
    pub py_fn: Outcome,
    /// py_fn's bytecode interpreter (`set_force_vm(true)`).
    pub vm: Outcome,
    /// monty.
    pub monty: Outcome,
    /// rhai.
    pub rhai: Outcome,
    /// Hand-written Rust, dynamic values.
    pub dynamic: Outcome,
    /// Hand-written Rust, static types.
    pub fixed: Outcome,
}

/// The README markers the table goes between.
pub const BEGIN: &str = "<!-- bench:begin -->";
/// See [`BEGIN`].
pub const END: &str = "<!-- bench:end -->";

fn ns_text(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{ns:.1} ns")
    }
}

fn ns_of(o: &Outcome) -> Option<f64> {
    match o {
        Outcome::Timed { ns, .. } => Some(*ns),
        Outcome::NotAvailable(_) => None,
    }
}

fn result_of(o: &Outcome) -> Option<&str> {
    match o {
        Outcome::Timed { result, .. } => Some(result),
        Outcome::NotAvailable(_) => None,
    }
}

/// `12.3 ns (4.5x)`: time, and CPython's time divided by it.
fn cell(o: &Outcome, cpython: Option<f64>, expected: Option<&str>) -> String {
    match o {
        Outcome::Timed { ns, result } => {
            let mut text = ns_text(*ns);
            if let Some(base) = cpython {
                if *ns > 0.0 {
                    text.push_str(&format!(" ({:.1}x)", base / ns));
                }
            }
            if expected.is_some_and(|e| e != result) {
                text.push_str(&format!(" **result {result}**"));
            }
            text
        }
        Outcome::NotAvailable(why) => why.replace('|', "/"),
    }
}

/// The markdown: a header line, the table, and the compile-time line.
pub fn markdown(
    rows: &[Row],
    runs: usize,
    python: &str,
    compile: &Result<(usize, f64), String>,
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Median ns per operation of {runs} runs after a warm-up run, all in one run of \
         `cargo run --release -p py_fn_bench`; in parentheses, how many times faster than \
         {python} (`python3`, timed in-process with `time.perf_counter_ns`).\n\n"
    ));
    out.push_str(
        "| | operation | CPython 3.11 | py_fn | py_fn interpreter | monty | rhai | \
         Rust, dynamic `Value` | Rust, static types | result (all equal) |\n",
    );
    out.push_str("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for r in rows {
        let base = ns_of(&r.cpython);
        let expected = result_of(&r.cpython);
        let all_equal = [&r.py_fn, &r.vm, &r.monty, &r.rhai, &r.dynamic, &r.fixed]
            .iter()
            .filter_map(|o| result_of(o))
            .all(|res| Some(res) == expected);
        let result = match expected {
            Some(e) if all_equal => e.to_string(),
            Some(e) => format!("{e} (**mismatch**)"),
            None => "n/a".to_string(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | **{}** | {} | {} | {} | {} | {} | {} |\n",
            r.workload.id,
            r.workload.what,
            cell(&r.cpython, None, None),
            cell(&r.py_fn, base, expected),
            cell(&r.vm, base, expected),
            cell(&r.monty, base, expected),
            cell(&r.rhai, base, expected),
            cell(&r.dynamic, base, expected),
            cell(&r.fixed, base, expected),
            result,
        ));
    }
    out.push('\n');
    match compile {
        Ok((lines, secs)) => out.push_str(&format!(
            "Expanding a {lines}-line module (`workloads.py` repeated, renamed) with \
             `py_fn_compiler::compile_to_rust`, the work `py_fn!` does: {:.0} ms (median of 5).\n",
            secs * 1000.0
        )),
        Err(e) => out.push_str(&format!("Expanding a 1,000-line module failed: {e}\n")),
    }
    out
}

/// Replaces the text between [`BEGIN`] and [`END`] in the README.
pub fn splice_readme(path: &Path, markdown: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (Some(start), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        return Err(format!("no {BEGIN} ... {END} markers"));
    };
    if end < start {
        return Err("markers out of order".to_string());
    }
    let head = text.get(..start + BEGIN.len()).unwrap_or("");
    let tail = text.get(end..).unwrap_or("");
    let new = format!("{head}\n{markdown}{tail}");
    std::fs::write(path, new).map_err(|e| e.to_string())
}
