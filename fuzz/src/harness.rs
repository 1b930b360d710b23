//! Running one input through the whole front end: `parse`, `compile`
//! (+ `dis_recursive`, `case_json` and a JSON round trip), `compile_to_rust`
//! (+ printing the tokens), under `catch_unwind` with a quiet panic hook, on
//! a worker thread watched by a timeout.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, Once};
use std::thread;
use std::time::Duration;

use py_fn_bytecode::{dis, json};
use py_fn_compiler::rustgen::{self, RustgenOptions};
use py_fn_compiler::symtable::SymbolTable;
use py_fn_compiler::{codegen, CompileError};

/// How one stage of the front end ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It returned `Ok`.
    Ok,
    /// It returned a `CompileError`.
    Err,
    /// It did not run (an earlier stage failed).
    Skipped,
}

/// The outcome of every stage for one input.
#[derive(Clone, Debug)]
pub struct StageResults {
    /// `py_fn_compiler::parse`.
    pub parse: Outcome,
    /// `py_fn_compiler::compile` (and the dis/JSON writers on its result).
    pub compile: Outcome,
    /// `py_fn_compiler::compile_to_rust`.
    pub rust: Outcome,
    /// The first error returned, if any.
    pub error: Option<CompileError>,
    /// A broken invariant that is not a panic (e.g. the JSON text does not
    /// parse back, or `compile` disagrees with `parse`).
    pub invariant: Option<String>,
}

/// A caught panic: its message and `file:line:col`, and the first
/// backtrace frame inside py_fn's crates when one was captured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanicRecord {
    /// The panic message.
    pub message: String,
    /// Where it was raised (`file:line:col`).
    pub location: String,
    /// The innermost `py_fn_*` frame of the backtrace (may be empty).
    pub frame: String,
}

/// The verdict on one input.
#[derive(Clone, Debug)]
pub enum Verdict {
    /// No panic, in time.
    Done(StageResults),
    /// A stage panicked.
    Panic(PanicRecord),
    /// The input ran longer than the timeout.
    Hang,
}

/// The panic recorded by the quiet hook since the last [`take_panic`].
static LAST_PANIC: Mutex<Option<PanicRecord>> = Mutex::new(None);
/// Panic locations whose backtrace was captured already (capturing is slow).
static SEEN_LOCATIONS: Mutex<Vec<String>> = Mutex::new(Vec::new());

thread_local! {
    /// Set on the fuzzing worker thread: its panics are recorded, not printed.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs (once) a panic hook that records panics of the fuzzing worker
/// and of the parser threads it starts, and prints nothing for them; other
/// threads' panics go to the previous hook.
pub fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let quiet = QUIET.with(|q| q.get()) || thread::current().name() == Some("py_fn-parser");
            if !quiet {
                previous(info);
                return;
            }
            let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = info.payload().downcast_ref::<String>() {
                s.clone()
            } else {
                "<non-string panic payload>".to_string()
            };
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                .unwrap_or_default();
            let fresh = match SEEN_LOCATIONS.lock() {
                Ok(mut seen) if !seen.contains(&location) => {
                    seen.push(location.clone());
                    true
                }
                _ => false,
            };
            let frame = if fresh {
                innermost_frame(&std::backtrace::Backtrace::force_capture().to_string())
            } else {
                String::new()
            };
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = Some(PanicRecord {
                    message,
                    location,
                    frame,
                });
            }
        }));
    });
}

/// The first backtrace line naming a function of py_fn's crates (skipping
/// the fuzzer's own frames), with the `at file:line` line after it.
fn innermost_frame(backtrace: &str) -> String {
    let lines: Vec<&str> = backtrace.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        if (t.contains("py_fn_compiler::") || t.contains("py_fn_bytecode::"))
            && !t.contains("py_fn_fuzz")
        {
            let mut s = t.to_string();
            if let Some(next) = lines.get(i + 1) {
                if next.trim_start().starts_with("at ") {
                    s.push(' ');
                    s.push_str(next.trim());
                }
            }
            return s;
        }
    }
    String::new()
}

/// Takes the panic recorded by the hook.
fn take_panic() -> Option<PanicRecord> {
    LAST_PANIC.lock().ok().and_then(|mut p| p.take())
}

/// The back end's options used for every input.
fn rustgen_options() -> RustgenOptions {
    RustgenOptions {
        krate: "::py_fn".parse().unwrap_or_default(),
    }
}

/// Runs every stage on `src` on the current thread (a panic propagates).
///
/// The stages share one parse: `parse`, then the symbol table, code
/// generation and the Rust back end on its AST, exactly as the driver's
/// `compile` and `compile_to_rust` chain them. Every `full_every`-th call
/// (when `full` is set) also runs the public `compile` and
/// `compile_to_rust` end to end and checks that they agree, and writes the
/// `dis` text, the oracle JSON (read back) and the Rust tokens' text.
pub fn run_stages(src: &str, full: bool) -> StageResults {
    let mut r = StageResults {
        parse: Outcome::Skipped,
        compile: Outcome::Skipped,
        rust: Outcome::Skipped,
        error: None,
        invariant: None,
    };
    let opts = rustgen_options();
    let module = match py_fn_compiler::parse(src) {
        Ok(m) => {
            r.parse = Outcome::Ok;
            m
        }
        Err(e) => {
            r.parse = Outcome::Err;
            r.error = Some(e);
            if full {
                check_same(
                    &mut r,
                    "compile",
                    py_fn_compiler::compile(src, "f.py").err(),
                );
            }
            return r;
        }
    };
    let compiled = SymbolTable::build(&module)
        .and_then(|st| codegen::compile_module(&module, &st, "f.py").map(|code| (st, code)));
    let (symtable, code) = match compiled {
        Ok(pair) => {
            r.compile = Outcome::Ok;
            if full {
                let text = dis::dis_recursive(&pair.1);
                let j = json::case_json("f.py", &pair.1);
                if let Err(e) = json::parse(&j) {
                    r.invariant = Some(format!("case_json does not parse back: {e}"));
                }
                std::hint::black_box((text.len(), j.len()));
            }
            pair
        }
        Err(e) => {
            r.compile = Outcome::Err;
            r.error = Some(e);
            if full {
                check_same(
                    &mut r,
                    "compile",
                    py_fn_compiler::compile(src, "f.py").err(),
                );
            }
            return r;
        }
    };
    match rustgen::module_tokens(&module, &symtable, &code, &opts) {
        Ok(tokens) => {
            r.rust = Outcome::Ok;
            if full {
                std::hint::black_box(tokens.to_string().len());
            }
        }
        Err(e) => {
            r.rust = Outcome::Err;
            r.error = Some(e);
        }
    }
    if full {
        if py_fn_compiler::compile(src, "f.py").is_err() {
            r.invariant = Some("compile fails where its stages succeed".to_string());
        }
        let end_to_end = py_fn_compiler::compile_to_rust(src, "f.py", &opts).err();
        check_same(&mut r, "compile_to_rust", end_to_end);
    }
    r
}

/// Records an invariant failure when the end-to-end call's error differs
/// from the staged one.
fn check_same(r: &mut StageResults, what: &str, end_to_end: Option<CompileError>) {
    if end_to_end != r.error {
        r.invariant = Some(format!(
            "{what} end to end gives {:?}, the stages {:?}",
            end_to_end.map(|e| e.msg),
            r.error.as_ref().map(|e| &e.msg)
        ));
    }
}

/// How much longer the watchdog waits per MiB of input.
pub const TIMEOUT_PER_MIB: Duration = Duration::from_secs(15);

/// Runs inputs on a worker thread, one at a time, with a timeout.
pub struct Runner {
    tx: Sender<(String, bool)>,
    rx: Receiver<Result<StageResults, PanicRecord>>,
    timeout: Duration,
    stack: usize,
    /// Inputs run so far (every [`FULL_EVERY`]-th also runs end to end).
    count: u64,
}

/// One input in this many also runs the public `compile` and
/// `compile_to_rust` end to end and the dis, JSON and token writers.
pub const FULL_EVERY: u64 = 4;

impl Runner {
    /// A runner whose worker thread has a `stack`-byte stack and whose
    /// inputs time out after `timeout`.
    pub fn new(timeout: Duration, stack: usize) -> std::io::Result<Runner> {
        install_quiet_hook();
        let (tx, rx) = Self::spawn(stack)?;
        Ok(Runner {
            tx,
            rx,
            timeout,
            stack,
            count: 0,
        })
    }

    #[allow(clippy::type_complexity)]
    fn spawn(
        stack: usize,
    ) -> std::io::Result<(
        Sender<(String, bool)>,
        Receiver<Result<StageResults, PanicRecord>>,
    )> {
        let (in_tx, in_rx) = mpsc::channel::<(String, bool)>();
        let (out_tx, out_rx) = mpsc::channel();
        thread::Builder::new()
            .name("py_fn-fuzz-worker".to_string())
            .stack_size(stack)
            .spawn(move || {
                QUIET.with(|q| q.set(true));
                for (src, full) in in_rx {
                    let _ = take_panic();
                    let result = panic::catch_unwind(AssertUnwindSafe(|| run_stages(&src, full)));
                    let msg = match result {
                        Ok(r) => Ok(r),
                        Err(_) => Err(take_panic().unwrap_or(PanicRecord {
                            message: "<panic without hook record>".to_string(),
                            location: String::new(),
                            frame: String::new(),
                        })),
                    };
                    if out_tx.send(msg).is_err() {
                        break;
                    }
                }
            })?;
        Ok((in_tx, out_rx))
    }

    /// The watchdog for an input of `len` bytes: the base timeout plus
    /// [`TIMEOUT_PER_MIB`] per MiB, so that work linear in a large input is
    /// not called a hang: every stage (Rust tokens twice, `dis`, JSON) on a
    /// 400 KB line of 100,000 chained comparisons takes about 5 s, most of
    /// it making and dropping 5 million Rust tokens (CPython's `compile()`
    /// alone takes 0.4 s on it); 1,000 nested lambdas take 0.7 s.
    pub fn timeout_for(&self, len: usize) -> Duration {
        self.timeout + TIMEOUT_PER_MIB.mul_f64(len as f64 / f64::from(1u32 << 20))
    }

    /// Runs `src`. After a hang the stuck worker is abandoned (it keeps its
    /// thread) and a fresh one serves the next input.
    pub fn run(&mut self, src: String) -> Verdict {
        let full = self.count.is_multiple_of(FULL_EVERY);
        self.count += 1;
        let timeout = self.timeout_for(src.len());
        if self.tx.send((src, full)).is_err() {
            return self.respawn_after(Verdict::Hang);
        }
        match self.rx.recv_timeout(timeout) {
            Ok(Ok(r)) => Verdict::Done(r),
            Ok(Err(p)) => Verdict::Panic(p),
            Err(RecvTimeoutError::Timeout) => self.respawn_after(Verdict::Hang),
            Err(RecvTimeoutError::Disconnected) => {
                self.respawn_after(Verdict::Panic(PanicRecord {
                    message: "worker thread died".to_string(),
                    location: String::new(),
                    frame: String::new(),
                }))
            }
        }
    }

    fn respawn_after(&mut self, v: Verdict) -> Verdict {
        if let Ok((tx, rx)) = Self::spawn(self.stack) {
            self.tx = tx;
            self.rx = rx;
        }
        v
    }
}
