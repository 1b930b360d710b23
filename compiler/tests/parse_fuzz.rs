//! Bad input never panics: truncations and random byte mutations of every
//! case file either parse or give a `CompileError`.

mod conformance_files;

use std::path::Path;

use py_fn_compiler::parser::parse_module;

/// A tiny deterministic PRNG (xorshift64*), so runs are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// The conformance programs whose ASTs `fixtures/parse/cases/` holds (read
/// from `conformance/`), then `fixtures/parse/extra/*.py`, each by name.
fn sources() -> Vec<String> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse");
    let mut out: Vec<String> = conformance_files::stems(&fixtures.join("cases"), ".ast")
        .iter()
        .map(|name| conformance_files::source(name))
        .collect();
    for name in conformance_files::stems(&fixtures.join("extra"), ".py") {
        let path = fixtures.join("extra").join(format!("{name}.py"));
        out.push(std::fs::read_to_string(path).expect("read case"));
    }
    out
}

/// Characters that matter to the tokenizer and parser.
const INTERESTING: &[u8] = b"()[]{}:;,.=+-*/%<>!@'\"\\#\n\t fbr0123456789_ejxo";

fn mutate(rng: &mut Rng, src: &str) -> String {
    let mut bytes = src.as_bytes().to_vec();
    let n = 1 + rng.below(4);
    for _ in 0..n {
        let len = bytes.len();
        match rng.below(4) {
            0 if len > 0 => {
                let i = rng.below(len);
                bytes.remove(i);
            }
            1 => {
                let i = rng.below(len + 1);
                let c = INTERESTING[rng.below(INTERESTING.len())];
                bytes.insert(i, c);
            }
            2 if len > 0 => {
                let i = rng.below(len);
                bytes[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            _ if len > 0 => {
                let i = rng.below(len);
                bytes[i] = (rng.next() & 0xff) as u8;
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn truncated_case_files_never_panic() {
    let mut count = 0;
    for src in sources() {
        let chars: Vec<char> = src.chars().collect();
        let step = (chars.len() / 40).max(1);
        let mut i = 0;
        while i <= chars.len() {
            let prefix: String = chars[..i].iter().collect();
            let _ = parse_module(&prefix);
            count += 1;
            i += step;
        }
    }
    eprintln!("parse fuzz: {count} truncations");
    assert!(count > 2000, "only {count} truncations");
}

#[test]
fn mutated_case_files_never_panic() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let sources = sources();
    eprintln!("parse fuzz: {} case files", sources.len());
    let mut count = 0;
    for round in 0..60 {
        for src in &sources {
            let m = mutate(&mut rng, src);
            let r = parse_module(&m);
            if let Err(e) = r {
                assert!(e.line >= 1, "round {round}: error without a line: {e:?}");
            }
            count += 1;
        }
    }
    assert!(count >= 3000, "only {count} mutations");
}

#[test]
fn a_two_thousand_line_module_parses_in_linear_time() {
    // Every case file, concatenated (about 2,000 lines). Release builds take
    // about 2 ms per 1,000 lines; this bound only catches super-linear
    // behaviour in an unoptimised test build.
    let mut source = String::new();
    for src in sources() {
        source.push_str(&src);
        source.push('\n');
    }
    assert!(source.lines().count() >= 2000);
    let start = std::time::Instant::now();
    let module = parse_module(&source).expect("the cases parse");
    let elapsed = start.elapsed();
    assert!(!module.body.is_empty());
    assert!(elapsed.as_millis() < 500, "took {elapsed:?}");
}
