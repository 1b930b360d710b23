//! Robustness of the builtins, methods and exception constructors added
//! for CPython compatibility: thousands of pseudo-random calls — every
//! builtin of `BUILTINS`, every public method of the builtin types (the
//! names of `fixtures/probe_names.txt`, on values and through their
//! types), every builtin exception class — with random positional and
//! keyword arguments must return a value or raise a Python error, never
//! panic; the results are printed and iterated.

mod pyeval;

use py_fn_runtime::{builtin, call_kw, call_method, getattr, with_stdin, ExcType, Globals, Value};

mod rng;
use rng::Rng;

const SETUP: &str = r#"
class Idx:
    def __index__(self):
        return 3
class BadIdx:
    def __index__(self):
        return 'x'
class Raiser:
    def __index__(self):
        raise ValueError('no')
    def __round__(self, n=None):
        raise KeyError(n)
    def __len__(self):
        return -1
    def __getitem__(self, i):
        raise IndexError(i)
class Seq:
    def __len__(self):
        return 4
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i
class Rev:
    def __reversed__(self):
        return 5
def gen():
    yield 1
    yield 'two'
POOL = [
    None, True, False, 0, 1, -1, 2, 3, 7, -5, 16, 255, 256, 1000, 0xD800, 0x11,
    2**63 - 1, -2**63, 2**70, -2**70, 0.0, -0.0, 0.5, 2.675, -1.5, 1e300, 5e-324,
    float('inf'), float('nan'), '', 'a', 'abc', 'é😀', ' a b ', 'big', 'little', 'utf-8',
    'ascii', 'latin-1', 'strict', 'ignore', 'replace', 'nope', '\t\n', '0x1.8p3', '4142',
    b'', b'a', b'\xff\xfe', b'hello world', [], [1, 'a'], (), (1, 2), (b'a',), ('a', 1),
    {}, {1: 2, 'a': None}, {'a': 'b'}, set(), {1, 2}, frozenset({3}), range(5),
    range(10, 0, -3), slice(1, None, -1), slice('a'), Idx(), BadIdx(), Raiser(), Seq(),
    Rev(), gen(), len, str, int, ValueError('x'), OSError(2, 'x', 'f'), object(),
    {}.keys(), {1: 2}.items(),
]
"#;

const BUILTINS: &[&str] = &[
    "round",
    "pow",
    "divmod",
    "chr",
    "ord",
    "hex",
    "oct",
    "bin",
    "map",
    "filter",
    "reversed",
    "iter",
    "slice",
    "bytes",
    "dir",
    "vars",
    "exit",
    "quit",
    "input",
    "__import__",
    "hash",
    "id",
    "callable",
    "next",
    "sum",
    "min",
    "max",
    "sorted",
    "str",
    "repr",
    "format",
];

const KWNAMES: &[&str] = &[
    "ndigits",
    "number",
    "base",
    "exp",
    "mod",
    "encoding",
    "errors",
    "sep",
    "maxsplit",
    "keepends",
    "tabsize",
    "length",
    "byteorder",
    "signed",
    "bytes_per_sep",
    "delete",
    "code",
    "source",
    "x",
    "name",
    "path",
    "obj",
    "fillchar",
    "start",
];

/// Prints a result and takes a few items from it, as a program would
/// (through `repr()` and `str()`, which refuse ints of more than 4300
/// digits as CPython does, instead of [`Value::repr`]).
fn consume(v: &Value) {
    for f in ["repr", "str"] {
        if let Some(f) = builtin(f) {
            let _ = py_fn_runtime::call(&f, std::slice::from_ref(v));
        }
    }
    if let Ok(it) = py_fn_runtime::iter(v) {
        for _ in 0..20 {
            match py_fn_runtime::next(&it) {
                Ok(Some(x)) => {
                    if let Some(f) = builtin("repr") {
                        let _ = py_fn_runtime::call(&f, &[x]);
                    }
                }
                _ => break,
            }
        }
    }
}

fn args(rng: &mut Rng, pool: &[Value]) -> (Vec<Value>, Vec<&'static str>) {
    let n = rng.below(5);
    let values: Vec<Value> = (0..n).map(|_| rng.pick(pool).clone()).collect();
    let k = if rng.below(3) == 0 {
        rng.below(3).min(n)
    } else {
        0
    };
    let names: Vec<&'static str> = (0..k).map(|_| *rng.pick(KWNAMES)).collect();
    (values, names)
}

#[test]
fn random_calls_of_the_new_builtins_and_methods_never_panic() {
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let globals = Globals::new("__main__");
            pyeval::run(SETUP, &globals).expect("setup");
            let fresh_pool = || -> Vec<Value> {
                pyeval::run(SETUP, &globals).expect("setup");
                match globals.get("POOL") {
                    Some(Value::List(l)) => l.borrow().clone(),
                    _ => Vec::new(),
                }
            };
            let mut pool = fresh_pool();
            let probe = include_str!("fixtures/probe_names.txt");
            let entries: Vec<(&str, &str)> = probe
                .lines()
                .filter_map(|l| {
                    let mut p = l.split('\t');
                    Some((p.next()?, p.next()?))
                })
                .filter(|(sample, _)| *sample != "builtins")
                .collect();
            let mut exprs: Vec<&str> = entries.iter().map(|(s, _)| *s).collect();
            exprs.dedup();
            let program = format!("__samples__ = [{}]\n", exprs.join(", "));
            let samples = || -> Vec<(Value, String)> {
                pyeval::run(&program, &globals).expect("samples");
                let Some(Value::List(values)) = globals.get("__samples__") else {
                    return Vec::new();
                };
                let values = values.borrow().clone();
                entries
                    .iter()
                    .filter_map(|(sample, name)| {
                        let i = exprs.iter().position(|e| e == sample)?;
                        Some((values.get(i)?.clone(), name.to_string()))
                    })
                    .collect()
            };
            let mut methods = samples();
            let exceptions: Vec<Value> = ExcType::ALL
                .iter()
                .filter_map(|t| builtin(t.name()))
                .collect();
            // BUILTINS_FUZZ_SEED explores other sequences.
            let seed = std::env::var("BUILTINS_FUZZ_SEED")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0x243F6A8885A308D3u64);
            let mut rng = Rng(seed | 1);
            let mut ok = 0usize;
            let (_, ()) = py_fn_runtime::capture_stdout(|| {
                for round in 0..40_000 {
                    if round % 500 == 499 {
                        // Methods grow the lists they are called on
                        // (`x.extend(x)`): start again with fresh values.
                        pool = fresh_pool();
                        methods = samples();
                    }
                    let (values, names) = args(&mut rng, &pool);
                    let outcome = match round % 4 {
                        0 => {
                            let f = builtin(rng.pick::<&str>(BUILTINS)).expect("builtin");
                            with_stdin("line\n", || call_kw(&f, &values, &names))
                        }
                        1 => {
                            let (obj, name) = rng.pick(&methods);
                            match getattr(obj, name) {
                                Ok(m) => call_kw(&m, &values, &names),
                                Err(e) => Err(e),
                            }
                        }
                        2 => {
                            let (obj, name) = rng.pick(&methods);
                            let receiver = rng.pick(&pool).clone();
                            let ty = py_fn_runtime::type_of(obj);
                            match getattr(&ty, name) {
                                Ok(m) => {
                                    let mut full = vec![receiver];
                                    full.extend(values);
                                    call_kw(&m, &full, &names)
                                }
                                Err(e) => Err(e),
                            }
                        }
                        _ => {
                            let cls = rng.pick(&exceptions);
                            call_kw(cls, &values, &names).inspect(|e| {
                                for attr in [
                                    "args", "errno", "strerror", "filename", "code", "value",
                                    "msg", "name", "lineno", "reason", "object", "start",
                                ] {
                                    if let Ok(v) = getattr(e, attr) {
                                        consume(&v);
                                    }
                                }
                            })
                        }
                    };
                    match outcome {
                        Ok(v) => {
                            consume(&v);
                            ok += 1;
                        }
                        Err(e) => {
                            let _ = e.to_string();
                        }
                    }
                    let _ = call_method(&Value::None, "nothing", &[]);
                }
            });
            ok
        })
        .expect("spawn");
    let ok = handle.join().expect("no panic");
    assert!(ok > 5000, "many calls should succeed ({ok})");
}
