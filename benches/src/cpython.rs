//! The CPython column: `python3 cpython_harness.py workloads.py ...` in a
//! subprocess, timed by CPython itself with `time.perf_counter_ns`.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use crate::measure::Outcome;
use crate::workloads::Workload;

/// Runs every workload in CPython: an outcome per workload name, or why
/// CPython could not be run at all.
pub fn run_all(
    bench_dir: &Path,
    runs: usize,
    workloads: &[Workload],
) -> Result<HashMap<&'static str, Outcome>, String> {
    let mut cmd = Command::new("python3");
    cmd.arg(bench_dir.join("cpython_harness.py"))
        .arg(bench_dir.join("workloads.py"))
        .arg(runs.to_string());
    for w in workloads {
        cmd.arg(format!("{}:{}:{}", w.name, w.n, w.ops));
    }
    let out = cmd.output().map_err(|e| format!("python3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "python3 failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut outcomes = HashMap::new();
    for line in text.lines() {
        let mut parts = line.splitn(3, ' ');
        let (Some(name), Some(ns), Some(result)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(w) = workloads.iter().find(|w| w.name == name) else {
            continue;
        };
        let outcome = match ns.parse::<f64>() {
            Ok(ns) => Outcome::Timed {
                ns,
                result: result.to_string(),
            },
            Err(_) => Outcome::NotAvailable(format!("bad harness line: {line}")),
        };
        outcomes.insert(w.name, outcome);
    }
    Ok(outcomes)
}

/// `Python 3.11.7`, or `python3` when the version cannot be read.
pub fn version() -> String {
    Command::new("python3")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "python3".to_string())
}
