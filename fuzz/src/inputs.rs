//! The corpus and the input stream: input `i` of a run with seed `s` is a
//! pure function of `(s, i)` and the corpus.

use std::path::{Path, PathBuf};

use crate::generate;
use crate::mutate;
use crate::rng::Rng;

/// The corpus: the conformance programs (`conformance/cases`,
/// `conformance/extra/cases`, `conformance/seeds`), the one copy of the
/// project's test programs.
pub fn default_corpus_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance");
    vec![
        root.join("cases"),
        root.join("extra/cases"),
        root.join("seeds"),
    ]
}

/// The `.py` files of every directory of `dirs`, sorted by name.
pub fn load_dirs(dirs: &[PathBuf]) -> std::io::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for dir in dirs {
        files.extend(load_dir(dir)?);
    }
    files.sort();
    Ok(files)
}

/// The `.py` files of `dir`, sorted by name (files that are not UTF-8 are skipped).
pub fn load_dir(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("py") {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, text));
        }
    }
    files.sort();
    Ok(files)
}

/// Where an input came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A grammar-generated valid tier-1 program: it must compile.
    Generated,
    /// Mutations of a corpus or generated program.
    Mutated,
    /// A splice of two programs, maybe mutated.
    Splice,
    /// A deep-nesting, long-chain or huge-literal program.
    Extreme,
}

impl Kind {
    /// A short name for summaries.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Generated => "generated",
            Kind::Mutated => "mutated",
            Kind::Splice => "splice",
            Kind::Extreme => "extreme",
        }
    }
}

/// One input.
#[derive(Clone, Debug)]
pub struct Input {
    /// Where it came from.
    pub kind: Kind,
    /// The source text.
    pub text: String,
}

/// A base program: a corpus file (whole, or a run of its lines) most of
/// the time, else a generated one.
fn base(rng: &mut Rng, corpus: &[String]) -> String {
    if corpus.is_empty() || rng.chance(3, 10) {
        return generate::program(rng);
    }
    let file = &corpus[rng.below(corpus.len())];
    if rng.chance(1, 6) {
        return file.clone();
    }
    let lines: Vec<&str> = file.split_inclusive('\n').collect();
    let a = rng.below(lines.len());
    let b = (a + rng.range(1, 10)).min(lines.len());
    lines.get(a..b).map(|l| l.concat()).unwrap_or_default()
}

/// Input number `index` of the run seeded with `seed`.
pub fn input(seed: u64, index: u64, corpus: &[String]) -> Input {
    let mut rng = Rng::for_input(seed, index);
    let roll = rng.below(1000);
    if roll < 200 {
        return Input {
            kind: Kind::Generated,
            text: generate::program(&mut rng),
        };
    }
    if roll < 995 {
        let splice = roll >= 900;
        let mut text = if splice {
            let a = base(&mut rng, corpus);
            let b = base(&mut rng, corpus);
            mutate::splice(&mut rng, &a, &b)
        } else {
            base(&mut rng, corpus)
        };
        let rounds = if splice {
            rng.below(2)
        } else if rng.chance(1, 8) {
            rng.range(4, 16)
        } else {
            rng.range(1, 3)
        };
        for _ in 0..rounds {
            let other = base(&mut rng, corpus);
            text = mutate::mutate_once(&mut rng, &text, &other);
            if text.len() > 4_000_000 {
                break;
            }
        }
        let kind = if splice { Kind::Splice } else { Kind::Mutated };
        return Input { kind, text };
    }
    let bits = if rng.chance(1, 4) { 17 } else { 12 };
    let n = rng.log_size(bits);
    let text = match rng.below(4) {
        0 => format!("x = {}\n", mutate::deep_snippet(&mut rng, n)),
        1 => format!(
            "def f(x):\n    return {}\n",
            mutate::deep_snippet(&mut rng, n)
        ),
        2 => mutate::deep_blocks(&mut rng, n.min(2000)),
        _ => format!("x = {}\n", mutate::huge_literal(&mut rng, n * 8)),
    };
    Input {
        kind: Kind::Extreme,
        text,
    }
}
