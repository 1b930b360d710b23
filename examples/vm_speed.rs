//! How fast the bytecode interpreter runs CPython 3.11 bytecode, next to
//! CPython 3.11 itself on the same functions:
//!
//! ```sh
//! cargo run --release --example vm_speed
//! ```
//!
//! `benches/workloads.py` (W1–W5, the closure workloads of py_fn_bench)
//! and two plain loops are compiled with `py_fn_compiler::compile` and run
//! with every function on the interpreter (`set_force_vm(true)`); CPython
//! runs the same file through `benches/cpython_harness.py`. Each figure is
//! the median ns per operation of 7 runs after a warm-up run.

use std::path::Path;
use std::process::Command;
use std::rc::Rc;
use std::time::Instant;

use py_fn_runtime::{call, set_force_vm, vm, Code, Globals, Value};

const LOOPS: &str = "
def loop_while(n):
    s = 0
    i = 0
    while i < n:
        s += i
        i += 1
    return s

def loop_for(n):
    s = 0
    for i in range(n):
        s = s + i * 2
    return s
";

/// `(function, n, operations per run)`.
const WORKLOADS: [(&str, i64, i64); 7] = [
    ("w1", 200_000, 200_000),
    ("w2", 200_000, 200_000),
    ("w3", 100_000, 100_000),
    ("w4", 5, 5),
    ("w5", 200_000, 200_000),
    ("loop_while", 1_000_000, 1_000_000),
    ("loop_for", 1_000_000, 1_000_000),
];

const RUNS: usize = 7;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workloads =
        std::fs::read_to_string(root.join("benches/workloads.py")).expect("benches/workloads.py");
    let source = format!("{workloads}\n{LOOPS}");
    let file = std::env::temp_dir().join("py_fn_vm_speed.py");
    std::fs::write(&file, &source).expect("write the workloads");

    // CPython first, on the same file.
    let mut cpython = std::collections::HashMap::new();
    let args: Vec<String> = WORKLOADS
        .iter()
        .map(|(name, n, ops)| format!("{name}:{n}:{ops}"))
        .collect();
    match Command::new("python3")
        .arg(root.join("benches/cpython_harness.py"))
        .arg(&file)
        .arg(RUNS.to_string())
        .args(&args)
        .output()
    {
        Ok(out) => {
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let mut parts = line.split(' ');
                if let (Some(name), Some(ns)) = (parts.next(), parts.next()) {
                    if let Ok(ns) = ns.parse::<f64>() {
                        cpython.insert(name.to_string(), ns);
                    }
                }
            }
        }
        Err(e) => eprintln!("python3 not run: {e}"),
    }

    set_force_vm(true);
    let data = py_fn_compiler::compile(&source, "workloads.py").expect("compiles");
    let globals = Globals::new("workloads");
    vm::run_code(&Code::from_owned(Rc::new(data)), &globals).expect("module runs");
    println!("| workload | CPython 3.11 | py_fn interpreter | ratio |");
    println!("|---|---:|---:|---:|");
    for (name, n, ops) in WORKLOADS {
        let f = globals.get(name).expect("defined");
        let arg = [Value::Int(n)];
        let _ = call(&f, &arg).expect("warm-up run");
        let times: Vec<f64> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let _ = call(&f, &arg).expect("run");
                start.elapsed().as_nanos() as f64 / ops as f64
            })
            .collect();
        let ours = median(times);
        let theirs = cpython.get(name).copied().unwrap_or(f64::NAN);
        println!(
            "| {name} | {theirs:.1} ns | {ours:.1} ns | {:.2}x |",
            theirs / ours
        );
    }
}
