//! Timing: a warm-up run, then the median of several timed runs.

use std::time::Instant;

/// A measurement: median nanoseconds per operation and the result's text.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Timed: ns per operation, and `repr` of the result.
    Timed {
        /// Median ns per operation.
        ns: f64,
        /// The result, as Python's `repr` writes it.
        result: String,
    },
    /// Not measured, with the reason.
    NotAvailable(String),
}

/// Runs `f` once to warm up, then `runs` times; the median ns per op.
pub fn time_runs(runs: usize, ops: i64, mut f: impl FnMut() -> Result<String, String>) -> Outcome {
    let mut result = match f() {
        Ok(r) => r,
        Err(e) => return Outcome::NotAvailable(format!("error: {}", one_line(&e))),
    };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        match f() {
            Ok(r) => result = r,
            Err(e) => return Outcome::NotAvailable(format!("error: {}", one_line(&e))),
        }
        times.push(start.elapsed().as_nanos() as f64);
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    Outcome::Timed {
        ns: median / ops.max(1) as f64,
        result,
    }
}

/// The first line of an error message.
fn one_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}
