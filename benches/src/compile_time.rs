//! How long `py_fn!` takes to expand a 1,000-line module: the macro's work
//! (`py_fn_compiler::compile_to_rust`: parse, symtable, bytecode, Rust
//! tokens) on `workloads.py` repeated with renamed functions.

use std::time::Instant;

/// The generated module: copies of `source` with every top-level name
/// suffixed `_<copy>`, until it has at least `lines` lines.
pub fn big_module(source: &str, lines: usize) -> String {
    let names: Vec<&str> = source
        .lines()
        .filter_map(|l| l.strip_prefix("def "))
        .filter_map(|l| l.split('(').next())
        .collect();
    let mut out = String::new();
    let mut copy = 0;
    while out.lines().count() < lines {
        let mut text = source.to_string();
        for name in &names {
            text = rename(&text, name, &format!("{name}_{copy}"));
        }
        out.push_str(&text);
        out.push('\n');
        copy += 1;
    }
    out
}

/// Replaces whole-word occurrences of `from` by `to`.
fn rename(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(from) {
        let before = rest[..pos].chars().next_back();
        let after = rest[pos + from.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..pos]);
        if word(before) || word(after) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[pos + from.len()..];
    }
    out.push_str(rest);
    out
}

/// Expands `source` `runs` times: the lines, and the median seconds.
pub fn measure(source: &str, runs: usize) -> Result<(usize, f64), String> {
    let module = big_module(source, 1000);
    let opts = py_fn_compiler::rustgen::RustgenOptions::default();
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let tokens =
            py_fn_compiler::compile_to_rust(&module, "big.py", &opts).map_err(|e| e.to_string())?;
        let text = tokens.to_string();
        std::hint::black_box(text);
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    Ok((module.lines().count(), median))
}
