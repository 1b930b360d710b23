//! The interpreter's fuzzer: real code objects (every conformance case and
//! seed, compiled by `py_fn_compiler::compile`) are mutated — `co_code`
//! bytes, arguments, inserted and deleted code units, `co_consts`,
//! `co_stacksize`, the exception table, names, flags, argument counts —
//! and the module runs on the interpreter (every function forced onto it)
//! under a step budget. No input may panic, hang or crash the process: the
//! verifier must reject what the interpreter cannot run, and the
//! interpreter must raise, never misbehave, on the rest.
//!
//! ```sh
//! cargo run --release -p py_fn_fuzz --bin vm_fuzz -- --iterations 1000000 --seed 1
//! # options: --iterations N  --seed S  --start I  --budget STEPS  --timeout-ms MS
//! ```
//!
//! The summary counts inputs rejected by the verifier, run to the end,
//! ended by an exception (by type), stopped by the step budget, and the
//! `SystemError: interpreter: ...` checks the interpreter made on verified
//! code (type checks the verifier leaves to run time); the exit status is 1
//! on any panic or hang.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use py_fn_bytecode::{CodeData, Constant, Opcode};
use py_fn_fuzz::rng::Rng;
use py_fn_runtime::{capture_stdout, set_force_vm, vm, Code, Globals};

struct Options {
    iterations: u64,
    seed: u64,
    start: u64,
    budget: u64,
    timeout: Duration,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str, default: u64| -> u64 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    Options {
        iterations: get("--iterations", 100_000),
        seed: get("--seed", 1),
        start: get("--start", 0),
        budget: get("--budget", 20_000),
        timeout: Duration::from_millis(get("--timeout-ms", 10_000)),
    }
}

/// Every conformance case and seed that compiles.
fn corpus() -> Vec<(String, CodeData)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("conformance");
    let dirs: [PathBuf; 3] = [
        root.join("cases"),
        root.join("extra").join("cases"),
        root.join("seeds"),
    ];
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "py"))
            .collect();
        files.sort();
        for f in files {
            let Ok(source) = std::fs::read_to_string(&f) else {
                continue;
            };
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Ok(code) = py_fn_compiler::compile(&source, &name) {
                out.push((name, code));
            }
        }
    }
    out
}

/// The number of code objects in `code`'s tree.
fn count(code: &CodeData) -> usize {
    1 + code
        .consts
        .iter()
        .map(|c| match c {
            Constant::Code(inner) => count(inner),
            _ => 0,
        })
        .sum::<usize>()
}

/// Applies `f` to the `n`-th code object of the tree (pre-order).
fn with_nth(code: &mut CodeData, n: usize, f: &mut dyn FnMut(&mut CodeData)) -> usize {
    if n == 0 {
        f(code);
        return usize::MAX;
    }
    let mut left = n - 1;
    for c in code.consts.to_mut().iter_mut() {
        if let Constant::Code(inner) = c {
            let size = count(inner);
            if left < size {
                with_nth(inner.to_mut(), left, f);
                return usize::MAX;
            }
            left -= size;
        }
    }
    left
}

/// Opcodes a mutation writes (every 3.11 opcode but CACHE, more often the
/// common ones).
fn random_opcode(rng: &mut Rng) -> u8 {
    const COMMON: [Opcode; 16] = [
        Opcode::LOAD_FAST,
        Opcode::STORE_FAST,
        Opcode::LOAD_CONST,
        Opcode::POP_TOP,
        Opcode::RETURN_VALUE,
        Opcode::CALL,
        Opcode::PRECALL,
        Opcode::PUSH_NULL,
        Opcode::LOAD_GLOBAL,
        Opcode::BINARY_OP,
        Opcode::JUMP_BACKWARD,
        Opcode::JUMP_FORWARD,
        Opcode::POP_JUMP_FORWARD_IF_FALSE,
        Opcode::FOR_ITER,
        Opcode::LOAD_DEREF,
        Opcode::YIELD_VALUE,
    ];
    if rng.chance(1, 2) {
        rng.pick(&COMMON).map_or(9, |op| *op as u8)
    } else {
        let all = py_fn_bytecode::opcode::ALL;
        rng.pick(all).map_or(9, |op| *op as u8)
    }
}

fn random_constant(rng: &mut Rng, pool: &[Constant]) -> Constant {
    match rng.below(12) {
        0 => Constant::None,
        1 => Constant::Bool(rng.chance(1, 2)),
        2 => Constant::Int(rng.range(0, 2000) as i64 - 1000),
        3 => Constant::Float(rng.range(0, 100) as f64 / 7.0),
        4 => Constant::Str(Cow::Owned("x".repeat(rng.below(4)))),
        5 => Constant::Tuple(Cow::Owned(vec![
            Constant::Int(1),
            Constant::Str(Cow::Borrowed("a")),
        ])),
        6 => Constant::Tuple(Cow::Owned(vec![])),
        7 => Constant::Bytes(Cow::Owned(vec![1, 2])),
        _ => rng.pick(pool).cloned().unwrap_or(Constant::None),
    }
}

/// One mutation of `code`.
fn mutate_one(code: &mut CodeData, rng: &mut Rng, pool: &[Constant], tables: &[Vec<u8>]) {
    let units = code.code.len() / 2;
    match rng.below(14) {
        0 | 1 => {
            // An opcode.
            if units > 0 {
                let i = rng.below(units) * 2;
                let op = random_opcode(rng);
                if let Some(b) = code.code.to_mut().get_mut(i) {
                    *b = op;
                }
            }
        }
        2 | 3 => {
            // An argument.
            if units > 0 {
                let i = rng.below(units) * 2 + 1;
                let v = if rng.chance(3, 4) {
                    rng.below(8) as u8
                } else {
                    rng.below(256) as u8
                };
                if let Some(b) = code.code.to_mut().get_mut(i) {
                    *b = v;
                }
            }
        }
        4 => {
            // Insert an instruction.
            let at = rng.below(units + 1) * 2;
            let op = random_opcode(rng);
            let arg = rng.below(6) as u8;
            let bytes = code.code.to_mut();
            let at = at.min(bytes.len());
            bytes.splice(at..at, [op, arg]);
        }
        5 => {
            // Delete a code unit.
            if units > 1 {
                let at = rng.below(units) * 2;
                code.code.to_mut().drain(at..at + 2);
            }
        }
        6 => {
            // Swap two code units.
            if units > 1 {
                let (a, b) = (rng.below(units) * 2, rng.below(units) * 2);
                let bytes = code.code.to_mut();
                bytes.swap(a, b);
                bytes.swap(a + 1, b + 1);
            }
        }
        7 => {
            // Truncate (sometimes to an odd length).
            let len = rng.below(code.code.len() + 1);
            code.code.to_mut().truncate(len);
        }
        8 => {
            // The stack size.
            let delta = rng.range(0, 6) as i64 - 3;
            code.stacksize = (i64::from(code.stacksize) + delta).clamp(0, 64) as u32;
        }
        9 => {
            // A constant replaced, added or removed.
            let consts = code.consts.to_mut();
            match rng.below(3) {
                0 if !consts.is_empty() => {
                    let i = rng.below(consts.len());
                    if let Some(c) = consts.get_mut(i) {
                        *c = random_constant(rng, pool);
                    }
                }
                1 => consts.push(random_constant(rng, pool)),
                _ => {
                    consts.pop();
                }
            }
        }
        10 => {
            // The exception table: a byte changed, cut, grown, or another
            // code object's.
            let table = code.exceptiontable.to_mut();
            match rng.below(4) {
                0 if !table.is_empty() => {
                    let i = rng.below(table.len());
                    if let Some(b) = table.get_mut(i) {
                        *b = rng.below(256) as u8;
                    }
                }
                1 => {
                    let len = rng.below(table.len() + 1);
                    table.truncate(len);
                }
                2 => table.extend([
                    0x80 | rng.below(8) as u8,
                    rng.below(8) as u8,
                    rng.below(30) as u8,
                    rng.below(6) as u8,
                ]),
                _ => {
                    if let Some(t) = rng.pick(tables) {
                        *table = t.clone();
                    }
                }
            }
        }
        11 => {
            // Names and locals.
            match rng.below(4) {
                0 => {
                    code.names.to_mut().pop();
                }
                1 => code.names.to_mut().push(Cow::Borrowed("print")),
                2 => {
                    code.varnames.to_mut().pop();
                }
                _ => code.varnames.to_mut().push(Cow::Borrowed("extra")),
            }
        }
        12 => {
            // Flags (generator, varargs, optimized, ...).
            code.flags ^= 1 << rng.below(10);
        }
        _ => {
            // Argument counts.
            match rng.below(3) {
                0 => code.argcount = (code.argcount + 1).min(8),
                1 => code.argcount = code.argcount.saturating_sub(1),
                _ => code.kwonlyargcount ^= 1,
            }
        }
    }
}

/// What running one input gave.
#[derive(Default)]
struct Stats {
    rejected: u64,
    returned: u64,
    raised: BTreeMap<String, u64>,
    budget: u64,
    interpreter_checks: BTreeMap<String, u64>,
    panics: Vec<String>,
}

/// Builds input `index` from the corpus (not empty).
fn input(
    seed: u64,
    index: u64,
    corpus: &[(String, CodeData)],
    pool: &[Constant],
    tables: &[Vec<u8>],
) -> Option<(String, CodeData)> {
    let mut rng = Rng::for_input(seed, index);
    let (name, mut module) = rng.pick(corpus).cloned()?;
    let objects = count(&module);
    for _ in 0..rng.range(1, 2) {
        let target = rng.below(objects);
        let n = rng.range(1, 3);
        let mut mutate = |c: &mut CodeData| {
            for _ in 0..n {
                mutate_one(c, &mut rng, pool, tables);
            }
        };
        with_nth(&mut module, target, &mut mutate);
    }
    Some((name, module))
}

/// Runs one mutated module on the interpreter.
fn run(module: CodeData, budget: u64, stats: &mut Stats) {
    let code = Code::from_owned(Rc::new(module));
    if vm::check_code(&code, py_fn_runtime::ExcType::SystemError).is_err() {
        stats.rejected += 1;
        return;
    }
    let globals = Globals::new("__main__");
    vm::set_step_budget(Some(budget));
    let (_out, result) = capture_stdout(|| vm::run_code(&code, &globals));
    vm::set_step_budget(None);
    py_fn_runtime::truncate_handled(0);
    // The module's functions and its globals refer to each other (a cycle
    // the collector leaves alone: it goes through a module); empty the
    // globals as CPython's module teardown does, so nothing piles up.
    if let py_fn_runtime::Value::Dict(d) = globals.to_value() {
        let old = d.try_borrow_mut().map(|mut d| std::mem::take(&mut *d));
        drop(old);
    }
    drop(globals);
    // A mutated program may have turned the collector off or changed its
    // thresholds; the next input starts with the defaults.
    py_fn_runtime::gc::enable();
    py_fn_runtime::gc::set_threshold([Some(700), Some(10), Some(10)]);
    match result {
        Ok(_) => stats.returned += 1,
        Err(e) => {
            let text = e.to_string();
            if text.contains("step budget is exhausted") {
                stats.budget += 1;
            } else if let Some(check) = text.strip_prefix("SystemError: interpreter: ") {
                *stats
                    .interpreter_checks
                    .entry(check.to_string())
                    .or_default() += 1;
            } else {
                *stats.raised.entry(e.type_display()).or_default() += 1;
            }
        }
    }
}

fn main() {
    let opts = options();
    let corpus = corpus();
    let show = std::env::args().any(|a| a == "--show");
    let mut pool = Vec::new();
    let mut tables = Vec::new();
    for (_, m) in &corpus {
        let mut stack = vec![m];
        while let Some(c) = stack.pop() {
            if !c.exceptiontable.is_empty() {
                tables.push(c.exceptiontable.to_vec());
            }
            for k in c.consts.iter() {
                if let Constant::Code(inner) = k {
                    pool.push(k.clone());
                    stack.push(inner);
                }
            }
        }
    }
    eprintln!(
        "vm_fuzz: {} modules, {} code objects in the pool, seed {}, inputs {}..{}",
        corpus.len(),
        pool.len(),
        opts.seed,
        opts.start,
        opts.start + opts.iterations
    );

    // The watchdog: an input running longer than the timeout is a hang.
    let current = Arc::new(AtomicU64::new(u64::MAX));
    let started = Arc::new(Mutex::new(Instant::now()));
    {
        let (current, started, timeout, seed) =
            (current.clone(), started.clone(), opts.timeout, opts.seed);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(200));
            let i = current.load(Ordering::SeqCst);
            let since = started.lock().map(|s| s.elapsed()).unwrap_or_default();
            if i != u64::MAX && since > timeout {
                eprintln!("HANG: seed {seed} input {i} ran longer than {timeout:?}");
                std::process::exit(2);
            }
        });
    }

    let seed = opts.seed;
    let (start, iterations, budget) = (opts.start, opts.iterations, opts.budget);
    if show {
        // --show: the inputs' case names and disassembly, not run.
        for i in start..start + iterations {
            if let Some((name, module)) = input(seed, i, &corpus, &pool, &tables) {
                println!("input {i}: {name}");
                print!("{}", py_fn_bytecode::dis::dis_recursive(&module));
            }
        }
        return;
    }
    let worker = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            panic::set_hook(Box::new(|_| {}));
            set_force_vm(true);
            let mut stats = Stats::default();
            let begin = Instant::now();
            for i in start..start + iterations {
                let Some((name, module)) = input(seed, i, &corpus, &pool, &tables) else {
                    break;
                };
                if let Ok(mut s) = started.lock() {
                    *s = Instant::now();
                }
                current.store(i, Ordering::SeqCst);
                let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                    let mut local = Stats::default();
                    run(module, budget, &mut local);
                    local
                }));
                current.store(u64::MAX, Ordering::SeqCst);
                match outcome {
                    Ok(local) => merge(&mut stats, local),
                    Err(payload) => {
                        let message = payload
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        stats
                            .panics
                            .push(format!("seed {seed} input {i} ({name}): {message}"));
                        py_fn_runtime::truncate_handled(0);
                        vm::set_step_budget(None);
                    }
                }
                if (i - start + 1) % 100_000 == 0 {
                    eprintln!(
                        "  {} inputs, {:.0}/s",
                        i - start + 1,
                        (i - start + 1) as f64 / begin.elapsed().as_secs_f64()
                    );
                }
            }
            (stats, begin.elapsed())
        })
        .expect("the worker thread starts");
    let Ok((stats, elapsed)) = worker.join() else {
        eprintln!("the worker thread died");
        std::process::exit(3);
    };
    report(&stats, iterations, elapsed);
    if !stats.panics.is_empty() {
        std::process::exit(1);
    }
}

fn merge(into: &mut Stats, from: Stats) {
    into.rejected += from.rejected;
    into.returned += from.returned;
    into.budget += from.budget;
    for (k, v) in from.raised {
        *into.raised.entry(k).or_default() += v;
    }
    for (k, v) in from.interpreter_checks {
        *into.interpreter_checks.entry(k).or_default() += v;
    }
    into.panics.extend(from.panics);
}

fn report(stats: &Stats, iterations: u64, elapsed: Duration) {
    println!(
        "{iterations} inputs in {:.1} s ({:.0}/s)",
        elapsed.as_secs_f64(),
        iterations as f64 / elapsed.as_secs_f64()
    );
    println!("  rejected by the verifier: {}", stats.rejected);
    println!("  ran to the end:           {}", stats.returned);
    println!("  stopped by the budget:    {}", stats.budget);
    let raised: u64 = stats.raised.values().sum();
    println!("  ended by an exception:    {raised}");
    for (k, v) in &stats.raised {
        println!("    {k}: {v}");
    }
    let checks: u64 = stats.interpreter_checks.values().sum();
    println!("  interpreter checks:       {checks}");
    for (k, v) in &stats.interpreter_checks {
        println!("    {k}: {v}");
    }
    println!("  panics: {}  hangs: 0  crashes: 0", stats.panics.len());
    for p in &stats.panics {
        println!("    {p}");
    }
}
