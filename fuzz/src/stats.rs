//! Counters of a run and the findings it keeps (one file per distinct
//! panic location, rejected valid program message, hang or crash).

use std::path::{Path, PathBuf};

use crate::harness::{Outcome, StageResults, Verdict};
use crate::inputs::{Input, Kind};

/// Ok/error/skipped counts of one stage.
#[derive(Clone, Copy, Debug, Default)]
pub struct StageCount {
    /// Returned `Ok`.
    pub ok: u64,
    /// Returned an error.
    pub err: u64,
    /// Did not run.
    pub skipped: u64,
}

impl StageCount {
    fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Ok => self.ok += 1,
            Outcome::Err => self.err += 1,
            Outcome::Skipped => self.skipped += 1,
        }
    }
}

/// The counters of a run.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Inputs run.
    pub inputs: u64,
    /// Inputs by kind: generated, mutated, splice, extreme.
    pub kinds: [u64; 4],
    /// `parse`.
    pub parse: StageCount,
    /// `compile` (+ dis and JSON).
    pub compile: StageCount,
    /// `compile_to_rust`.
    pub rust: StageCount,
    /// Inputs that panicked.
    pub panics: u64,
    /// Inputs that took longer than the timeout.
    pub hangs: u64,
    /// Inputs that killed the process (stack overflow, abort).
    pub crashes: u64,
    /// Generated valid programs that some stage rejected.
    pub rejected_valid: u64,
    /// Broken invariants that are not panics.
    pub invariants: u64,
    /// Bytes of input run.
    pub bytes: u64,
}

impl Stats {
    /// Counts one verdict.
    pub fn record(&mut self, input: &Input, verdict: &Verdict) {
        self.inputs += 1;
        self.bytes += input.text.len() as u64;
        self.kinds[kind_index(input.kind)] += 1;
        match verdict {
            Verdict::Done(r) => {
                self.parse.add(r.parse);
                self.compile.add(r.compile);
                self.rust.add(r.rust);
                if input.kind == Kind::Generated && r.error.is_some() {
                    self.rejected_valid += 1;
                }
                if r.invariant.is_some() {
                    self.invariants += 1;
                }
            }
            Verdict::Panic(_) => self.panics += 1,
            Verdict::Hang => self.hangs += 1,
        }
    }

    /// The counters as one line of numbers (the worker-to-supervisor protocol).
    pub fn to_line(&self) -> String {
        let v = self.numbers();
        v.iter().map(u64::to_string).collect::<Vec<_>>().join(" ")
    }

    fn numbers(&self) -> Vec<u64> {
        let mut v = vec![self.inputs];
        v.extend(self.kinds);
        for s in [self.parse, self.compile, self.rust] {
            v.extend([s.ok, s.err, s.skipped]);
        }
        v.extend([
            self.panics,
            self.hangs,
            self.crashes,
            self.rejected_valid,
            self.invariants,
            self.bytes,
        ]);
        v
    }

    /// Reads [`Stats::to_line`]'s text.
    pub fn from_line(line: &str) -> Option<Stats> {
        let v: Vec<u64> = line
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        if v.len() != 20 {
            return None;
        }
        let sc = |i: usize| StageCount {
            ok: v[i],
            err: v[i + 1],
            skipped: v[i + 2],
        };
        Some(Stats {
            inputs: v[0],
            kinds: [v[1], v[2], v[3], v[4]],
            parse: sc(5),
            compile: sc(8),
            rust: sc(11),
            panics: v[14],
            hangs: v[15],
            crashes: v[16],
            rejected_valid: v[17],
            invariants: v[18],
            bytes: v[19],
        })
    }

    /// Adds `other`'s counters to these.
    pub fn merge(&mut self, other: &Stats) {
        let mut a = self.numbers();
        for (x, y) in a.iter_mut().zip(other.numbers()) {
            *x += y;
        }
        let line = a.iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
        if let Some(s) = Stats::from_line(&line) {
            *self = s;
        }
    }

    /// The human summary.
    pub fn summary(&self, seconds: f64) -> String {
        let rate = if seconds > 0.0 {
            self.inputs as f64 / seconds
        } else {
            0.0
        };
        let stage = |n: &str, s: StageCount| {
            format!(
                "  {n:<16} ok {:>9}  error {:>9}  skipped {:>9}\n",
                s.ok, s.err, s.skipped
            )
        };
        let mut out = format!(
            "inputs run:        {}  ({} generated, {} mutated, {} splices, {} extreme; {:.1} MB)\n",
            self.inputs,
            self.kinds[0],
            self.kinds[1],
            self.kinds[2],
            self.kinds[3],
            self.bytes as f64 / 1e6
        );
        out.push_str(&stage("parse", self.parse));
        out.push_str(&stage("compile", self.compile));
        out.push_str(&stage("compile_to_rust", self.rust));
        out.push_str(&format!(
            "panics: {}  hangs: {}  crashes: {}  valid programs rejected: {}  invariants broken: {}\n",
            self.panics, self.hangs, self.crashes, self.rejected_valid, self.invariants
        ));
        out.push_str(&format!("time: {seconds:.1} s  ({rate:.0} inputs/s)\n"));
        out
    }
}

fn kind_index(k: Kind) -> usize {
    match k {
        Kind::Generated => 0,
        Kind::Mutated => 1,
        Kind::Splice => 2,
        Kind::Extreme => 3,
    }
}

/// Saves distinct findings under a directory.
pub struct Findings {
    dir: PathBuf,
    keys: Vec<String>,
}

impl Findings {
    /// Findings saved under `dir` (created on the first one).
    pub fn new(dir: &Path) -> Findings {
        Findings {
            dir: dir.to_path_buf(),
            keys: Vec::new(),
        }
    }

    /// Saves the input when the verdict is a new finding; returns a one-line
    /// description of a new finding.
    pub fn note(
        &mut self,
        seed: u64,
        index: u64,
        input: &Input,
        verdict: &Verdict,
    ) -> Option<String> {
        let (key, what) = match verdict {
            Verdict::Panic(p) => (
                format!("panic {}", p.location),
                format!("panic at {}: {} [{}]", p.location, p.message, p.frame),
            ),
            Verdict::Hang => (
                format!("hang {index}"),
                "hang (over the timeout)".to_string(),
            ),
            Verdict::Done(r) => {
                if let Some(inv) = &r.invariant {
                    (format!("invariant {inv}"), format!("invariant: {inv}"))
                } else if input.kind == Kind::Generated {
                    let e = r.error.as_ref()?;
                    (
                        format!("rejected {} {}", stage_of(r), without_names(&e.msg)),
                        format!(
                            "valid program rejected by {}: {}: {} at {}:{}",
                            stage_of(r),
                            e.kind.name(),
                            e.msg,
                            e.line,
                            e.col
                        ),
                    )
                } else {
                    return None;
                }
            }
        };
        if self.keys.contains(&key) {
            return None;
        }
        self.keys.push(key);
        let _ = std::fs::create_dir_all(&self.dir);
        let stem = format!("s{seed}-i{index}");
        let _ = std::fs::write(self.dir.join(format!("{stem}.py")), &input.text);
        let _ = std::fs::write(self.dir.join(format!("{stem}.txt")), format!("{what}\n"));
        Some(format!("{stem}: {what}"))
    }
}

/// `msg` with every quoted name replaced by `_` (one finding per message shape).
fn without_names(msg: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in msg.chars() {
        if c == '\'' {
            quoted = !quoted;
            out.push_str(if quoted { "'_" } else { "'" });
        } else if !quoted {
            out.push(c);
        }
    }
    out
}

/// The first stage that failed.
fn stage_of(r: &StageResults) -> &'static str {
    if r.parse == Outcome::Err {
        "parse"
    } else if r.compile == Outcome::Err {
        "compile"
    } else {
        "compile_to_rust"
    }
}
