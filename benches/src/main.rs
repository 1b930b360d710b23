//! `cargo run --release -p py_fn_bench`: the workloads of `workloads.py` in
//! py_fn (native, and on its bytecode interpreter), CPython 3.11, monty, rhai
//! and hand-written Rust, all in one run, as a markdown table (printed, and
//! written to `benches/results.md`). `--write-readme` also splices the table
//! into the README's Performance section; `--runs N` sets the timed runs
//! (default 7); `wN ...` runs only those workloads; `--profile wN` runs only
//! py_fn's `wN`, for a profiler (`--profile wN --vm`: on the interpreter).

mod compile_time;
mod cpython;
mod hand_dyn;
mod hand_static;
mod interp;
mod measure;
mod monty_impl;
mod rhai_impl;
mod table;
mod workloads;

use std::path::PathBuf;
use std::process::ExitCode;

use measure::{time_runs, Outcome};
use table::Row;
use workloads::WORKLOADS;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let write_readme = args.iter().any(|a| a == "--write-readme");
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(7)
        .max(1);
    let only: Vec<&String> = args.iter().filter(|a| a.starts_with('w')).collect();
    let bench_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let selected: Vec<workloads::Workload> = WORKLOADS
        .iter()
        .copied()
        .filter(|w| only.is_empty() || only.iter().any(|o| o.as_str() == w.name))
        .collect();

    if let Err(e) = workloads::py::__main__() {
        eprintln!("workloads.py failed in py_fn: {e}");
        return ExitCode::FAILURE;
    }
    if let Some(name) = args
        .iter()
        .position(|a| a == "--profile")
        .and_then(|i| args.get(i + 1))
    {
        // Only py_fn, for a profiler: `perf record ... --profile w1`.
        let Some(w) = WORKLOADS.iter().copied().find(|w| w.name == name.as_str()) else {
            eprintln!("no workload {name}");
            return ExitCode::FAILURE;
        };
        let profile = move || -> Result<(), String> {
            for _ in 0..runs * 10 {
                workloads::run_py_fn(w.name, w.n)?;
            }
            Ok(())
        };
        let done = if args.iter().any(|a| a == "--vm") {
            interp::on_vm_thread(move || interp::check_interpreted().and_then(|()| profile()))
        } else {
            profile()
        };
        return match done {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let rhai = rhai_impl::Rhai::new();
    let mut rows = Vec::new();
    for w in &selected {
        eprintln!("{} ...", w.id);
        // CPython right before py_fn, so both see the same machine load.
        let py = match cpython::run_all(&bench_dir, runs, std::slice::from_ref(w)) {
            Ok(map) => map
                .get(w.name)
                .cloned()
                .unwrap_or_else(|| Outcome::NotAvailable("no result".to_string())),
            Err(e) => Outcome::NotAvailable(e),
        };
        let py_fn = time_runs(runs, w.ops, || workloads::run_py_fn(w.name, w.n));
        let vm = interp::time_runs_vm(runs, *w);
        let monty = match monty_impl::Monty::new(workloads::SOURCE, w.name) {
            Ok(m) => time_runs(runs, w.ops, || m.run(w.n)),
            Err(e) => Outcome::NotAvailable(format!("n/a: {e}")),
        };
        let rhai = match (&rhai, rhai_impl::Rhai::missing(w.name)) {
            (_, Some(why)) => Outcome::NotAvailable(why.to_string()),
            (Ok(r), None) => time_runs(runs, w.ops, || r.run(w.name, w.n)),
            (Err(e), None) => Outcome::NotAvailable(format!("n/a: {e}")),
        };
        let dynamic = time_runs(runs, w.ops, || hand_dyn::run(w.name, w.n));
        let fixed = time_runs(runs, w.ops, || hand_static::run(w.name, w.n));
        rows.push(Row {
            workload: *w,
            cpython: py,
            py_fn,
            vm,
            monty,
            rhai,
            dynamic,
            fixed,
        });
    }
    let compile = compile_time::measure(workloads::SOURCE, 5);
    let markdown = table::markdown(&rows, runs, &cpython::version(), &compile);
    print!("{markdown}");

    let results = bench_dir.join("results.md");
    if let Err(e) = std::fs::write(&results, &markdown) {
        eprintln!("cannot write {}: {e}", results.display());
        return ExitCode::FAILURE;
    }
    if write_readme {
        let readme = bench_dir.join("..").join("README.md");
        match table::splice_readme(&readme, &markdown) {
            Ok(()) => eprintln!("README.md updated"),
            Err(e) => {
                eprintln!("cannot update README.md: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
