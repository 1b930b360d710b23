//! Peak memory of 1,000,000 recursive closures, with the cycle collector
//! and without it:
//!
//! ```sh
//! cargo run --release --example gc_leak            # automatic collection
//! cargo run --release --example gc_leak -- off     # gc.disable(): every cycle leaks
//! cargo run --release --example gc_leak -- on vm 200000   # on the interpreter, 200,000
//! ```
//!
//! Each call of `make` builds the cycle `rec -> cell -> rec` and drops it.
//! The process's peak RSS above its start (`VmHWM` on Linux) is printed,
//! with the time per creation.

mod cycles {
    py_fn::py_fn! {
        def make(n):
            def rec(k):
                return 0 if k == 0 else rec(k - 1)
            return rec(n)
    }
}

/// A field of `/proc/self/status` in kB.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> py_fn::PyResult<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let collect = !args.iter().any(|a| a == "off");
    py_fn::set_force_vm(args.iter().any(|a| a == "vm"));
    let n: usize = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    if !collect {
        py_fn::gc::disable();
    }
    let start = status_kb("VmRSS:").unwrap_or(0);
    let t = std::time::Instant::now();
    for _ in 0..n {
        cycles::make.call((2,))?;
    }
    let elapsed = t.elapsed();
    let peak = status_kb("VmHWM:").unwrap_or(0);
    println!(
        "{n} recursive closures, collection {}: peak RSS {:.1} MB above the start, {:.0} ns a creation, {} objects tracked at the end",
        if collect { "on" } else { "off" },
        peak.saturating_sub(start) as f64 / 1024.0,
        elapsed.as_nanos() as f64 / n as f64,
        py_fn::gc::tracked_count(),
    );
    let found = py_fn::gc::collect();
    println!("gc::collect() then found {found} unreachable objects");
    Ok(())
}
