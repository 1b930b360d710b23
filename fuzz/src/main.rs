//! `cargo run --release -p py_fn_fuzz -- [--iterations N] [--seed S] [--corpus DIR]`
//!
//! By default a supervisor process runs the inputs in a worker process (the
//! same binary with `--worker`), so that an input that kills the process (a
//! stack overflow aborts, it cannot be caught) is found, saved and skipped:
//! the supervisor regenerates input `i` from `(seed, i)` and restarts the
//! worker after it. See `fuzz/README.md` for every option.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use py_fn_fuzz::harness::{Runner, Verdict};
use py_fn_fuzz::inputs::{self, Input, Kind};
use py_fn_fuzz::stats::{Findings, Stats};
use py_fn_fuzz::{generate, minimize, rng::Rng};

/// Command-line options.
struct Options {
    iterations: u64,
    seed: u64,
    start: u64,
    corpus: Vec<PathBuf>,
    findings: PathBuf,
    timeout: Duration,
    stack_mb: usize,
    mode: Mode,
    files: Vec<PathBuf>,
    out: Option<PathBuf>,
}

enum Mode {
    Supervise,
    Worker,
    InProcess,
    Replay,
    Minimize,
    Emit,
}

const USAGE: &str = "usage: py_fn_fuzz [--iterations N] [--seed S] [--corpus DIR] [--start I] \
[--findings DIR] [--timeout-ms MS] [--stack-mb MB] [--in-process] \
[--replay FILE...] [--minimize FILE] [--emit DIR]";

fn parse_args() -> Result<Options, String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut o = Options {
        iterations: 100_000,
        seed: 1,
        start: 0,
        corpus: inputs::default_corpus_dirs(),
        findings: manifest.join("findings"),
        timeout: Duration::from_millis(2000),
        stack_mb: 8,
        mode: Mode::Supervise,
        files: Vec::new(),
        out: None,
    };
    let mut args = std::env::args().skip(1);
    let mut corpus_given = false;
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        let num = |s: String| {
            s.replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{s}: {e}"))
        };
        match a.as_str() {
            "--iterations" => o.iterations = num(value("--iterations")?)?,
            "--seed" => o.seed = num(value("--seed")?)?,
            "--start" => o.start = num(value("--start")?)?,
            // Repeatable: the first one replaces the default directories.
            "--corpus" => {
                if !corpus_given {
                    o.corpus.clear();
                    corpus_given = true;
                }
                o.corpus.push(value("--corpus")?.into());
            }
            "--findings" => o.findings = value("--findings")?.into(),
            "--timeout-ms" => o.timeout = Duration::from_millis(num(value("--timeout-ms")?)?),
            "--stack-mb" => o.stack_mb = num(value("--stack-mb")?)? as usize,
            "--worker" => o.mode = Mode::Worker,
            "--in-process" => o.mode = Mode::InProcess,
            "--replay" => o.mode = Mode::Replay,
            "--minimize" => {
                o.mode = Mode::Minimize;
                o.files.push(value("--minimize")?.into());
            }
            "--emit" => {
                o.mode = Mode::Emit;
                o.out = Some(value("--emit")?.into());
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ if matches!(o.mode, Mode::Replay) && !a.starts_with("--") => o.files.push(a.into()),
            _ => return Err(format!("unknown argument {a}\n{USAGE}")),
        }
    }
    Ok(o)
}

fn main() {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let code = match o.mode {
        Mode::Supervise => supervise(&o),
        Mode::Worker => worker(&o, true),
        Mode::InProcess => worker(&o, false),
        Mode::Replay => replay(&o),
        Mode::Minimize => minimize_file(&o),
        Mode::Emit => emit(&o),
    };
    std::process::exit(code);
}

fn load_corpus(o: &Options) -> Vec<String> {
    match inputs::load_dirs(&o.corpus) {
        Ok(files) => files.into_iter().map(|(_, t)| t).collect(),
        Err(e) => {
            eprintln!("cannot read corpus {:?}: {e}", o.corpus);
            Vec::new()
        }
    }
}

/// Runs inputs `start..iterations`. As a worker it reports on stdout:
/// `I <i>` before input i, `F <text>` for a finding, `S <stats>` now and
/// then, `H <i>` for a hang (and exits 3: the stuck thread dies with it).
fn worker(o: &Options, protocol: bool) -> i32 {
    let corpus = load_corpus(o);
    let mut runner = match Runner::new(o.timeout, o.stack_mb << 20) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the worker thread: {e}");
            return 1;
        }
    };
    let mut stats = Stats::default();
    let mut findings = Findings::new(&o.findings);
    let started = Instant::now();
    let stdout = std::io::stdout();
    for i in o.start..o.iterations {
        let input = inputs::input(o.seed, i, &corpus);
        if protocol {
            let _ = writeln!(stdout.lock(), "I {i}");
        }
        let verdict = runner.run(input.text.clone());
        stats.record(&input, &verdict);
        if let Some(f) = findings.note(o.seed, i, &input, &verdict) {
            if protocol {
                let _ = writeln!(stdout.lock(), "F {f}");
            } else {
                eprintln!("finding {f}");
            }
        }
        if protocol && (stats.inputs % 1000 == 0 || matches!(verdict, Verdict::Hang)) {
            let _ = writeln!(stdout.lock(), "S {}", stats.to_line());
        }
        if matches!(verdict, Verdict::Hang) && protocol {
            let _ = writeln!(stdout.lock(), "H {i}");
            return 3;
        }
        if !protocol && stats.inputs % 100_000 == 0 {
            eprint!("{}", stats.summary(started.elapsed().as_secs_f64()));
        }
    }
    if protocol {
        let _ = writeln!(stdout.lock(), "S {}", stats.to_line());
        let _ = writeln!(stdout.lock(), "D");
    } else {
        print!("{}", stats.summary(started.elapsed().as_secs_f64()));
    }
    0
}

/// Runs workers over the whole range, restarting them after a hang or crash.
fn supervise(o: &Options) -> i32 {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("cannot find my own executable: {e}");
            return 1;
        }
    };
    let corpus = load_corpus(o);
    let started = Instant::now();
    let mut total = Stats::default();
    let mut start = o.start;
    let mut last_report = Instant::now();
    while start < o.iterations {
        let child = Command::new(&exe)
            .args(["--worker", "--seed", &o.seed.to_string()])
            .args(["--start", &start.to_string()])
            .args(["--iterations", &o.iterations.to_string()])
            .args(
                o.corpus
                    .iter()
                    .flat_map(|d| [std::ffi::OsStr::new("--corpus"), d.as_os_str()]),
            )
            .arg("--findings")
            .arg(&o.findings)
            .args(["--timeout-ms", &o.timeout.as_millis().to_string()])
            .args(["--stack-mb", &o.stack_mb.to_string()])
            .stdout(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => {
                eprintln!("cannot start a worker: {e}");
                return 1;
            }
        };
        let mut current = start;
        let mut segment = Stats::default();
        let mut done = false;
        let mut hang = false;
        if let Some(out) = child.stdout.take() {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if let Some(i) = line.strip_prefix("I ") {
                    current = i.parse().unwrap_or(current);
                } else if let Some(s) = line.strip_prefix("S ") {
                    if let Some(s) = Stats::from_line(s) {
                        segment = s;
                    }
                    if last_report.elapsed() > Duration::from_secs(60) {
                        last_report = Instant::now();
                        let mut t = total.clone();
                        t.merge(&segment);
                        eprint!("{}", t.summary(started.elapsed().as_secs_f64()));
                    }
                } else if let Some(f) = line.strip_prefix("F ") {
                    eprintln!("finding {f}");
                } else if line.starts_with("H ") {
                    hang = true;
                } else if line == "D" {
                    done = true;
                }
            }
        }
        let status = child.wait();
        total.merge(&segment);
        if done {
            break;
        }
        if !hang {
            // The worker died inside input `current`.
            let ran = current - start;
            let mut lost = Stats {
                inputs: ran.saturating_sub(segment.inputs) + 1,
                crashes: 1,
                ..Stats::default()
            };
            let input = inputs::input(o.seed, current, &corpus);
            lost.bytes = input.text.len() as u64;
            total.merge(&lost);
            let _ = std::fs::create_dir_all(&o.findings);
            let stem = format!("s{}-i{current}", o.seed);
            let _ = std::fs::write(o.findings.join(format!("{stem}.py")), &input.text);
            let what = format!("crash: the worker process died ({status:?})");
            let _ = std::fs::write(o.findings.join(format!("{stem}.txt")), format!("{what}\n"));
            eprintln!("finding {stem}: {what}");
        }
        start = current + 1;
    }
    let secs = started.elapsed().as_secs_f64();
    print!("{}", total.summary(secs));
    println!(
        "command: py_fn_fuzz --iterations {} --seed {}{}",
        o.iterations,
        o.seed,
        o.corpus
            .iter()
            .map(|d| format!(" --corpus {}", d.display()))
            .collect::<String>()
    );
    i32::from(
        total.panics + total.hangs + total.crashes + total.rejected_valid + total.invariants > 0,
    )
}

fn describe(v: &Verdict) -> String {
    match v {
        Verdict::Done(r) => {
            let mut s = format!(
                "ok (parse {:?}, compile {:?}, rust {:?})",
                r.parse, r.compile, r.rust
            );
            if let Some(e) = &r.error {
                s.push_str(&format!(
                    ": {}: {} at {}:{}",
                    e.kind.name(),
                    e.msg,
                    e.line,
                    e.col
                ));
            }
            if let Some(i) = &r.invariant {
                s.push_str(&format!("; INVARIANT: {i}"));
            }
            s
        }
        Verdict::Panic(p) => format!("PANIC at {}: {} [{}]", p.location, p.message, p.frame),
        Verdict::Hang => "HANG".to_string(),
    }
}

/// Runs each file once and prints its verdict.
fn replay(o: &Options) -> i32 {
    let Ok(mut runner) = Runner::new(o.timeout, o.stack_mb << 20) else {
        return 1;
    };
    let mut bad = 0;
    for f in &o.files {
        let text = match std::fs::read(f) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                bad += 1;
                continue;
            }
        };
        let t = Instant::now();
        let v = runner.run(text);
        if !matches!(v, Verdict::Done(_)) {
            bad += 1;
        }
        println!(
            "{}: {} ({:.3} s)",
            f.display(),
            describe(&v),
            t.elapsed().as_secs_f64()
        );
    }
    i32::from(bad > 0)
}

/// Shrinks a file while it keeps panicking at the same location (or keeps hanging).
fn minimize_file(o: &Options) -> i32 {
    let Some(path) = o.files.first() else {
        return 2;
    };
    let Ok(bytes) = std::fs::read(path) else {
        return 1;
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let Ok(mut runner) = Runner::new(o.timeout, o.stack_mb << 20) else {
        return 1;
    };
    let first = runner.run(text.clone());
    let target = match &first {
        Verdict::Panic(p) => Some(p.location.clone()),
        Verdict::Hang => None,
        Verdict::Done(_) => {
            eprintln!(
                "{} neither panics nor hangs: {}",
                path.display(),
                describe(&first)
            );
            return 1;
        }
    };
    let small = minimize::minimize(&text, 4000, |cand| {
        match (runner.run(cand.to_string()), &target) {
            (Verdict::Panic(p), Some(loc)) => &p.location == loc,
            (Verdict::Hang, None) => true,
            _ => false,
        }
    });
    print!("{small}");
    eprintln!("{}", describe(&first));
    0
}

/// Writes the generated programs `start..iterations` to a directory, each
/// with our `dis.dis` text (`gNNNNNN.dis`), for `tools/check_generated.py`.
fn emit(o: &Options) -> i32 {
    let Some(dir) = &o.out else { return 2 };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("{}: {e}", dir.display());
        return 1;
    }
    for i in o.start..o.iterations {
        let text = generate::program(&mut Rng::for_input(o.seed, i));
        let input = Input {
            kind: Kind::Generated,
            text,
        };
        if let Err(e) = std::fs::write(dir.join(format!("g{i:06}.py")), &input.text) {
            eprintln!("{e}");
            return 1;
        }
        // Our `dis.dis` text next to it, for a comparison with python3's.
        if let Ok(code) = py_fn_compiler::compile(&input.text, "f.py") {
            let text = py_fn_bytecode::dis::dis_recursive(&code);
            let _ = std::fs::write(dir.join(format!("g{i:06}.dis")), text);
        }
    }
    0
}
