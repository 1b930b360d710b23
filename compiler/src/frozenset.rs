//! The iteration order of a constant `frozenset`, as CPython 3.11 builds it
//! under `PYTHONHASHSEED=0` (the oracle's setting).
//!
//! A constant set (`x in {1, 2}`, `{1, 2, 3}`) is made with
//! `PyFrozenSet_New(tuple)`, and `merge_consts_recursive` makes it once
//! more from its own iteration order; `co_consts`, `dis` and `repr()`
//! show the order of that second table. This module reproduces both
//! steps: the hashes of `Objects/longobject.c`, `floatobject.c`,
//! `tupleobject.c`, `Python/pyhash.c` (SipHash-1-3 with the zero key that
//! `PYTHONHASHSEED=0` gives) and the open addressing of
//! `Objects/setobject.c` (`set_add_entry`, `set_table_resize`,
//! `set_insert_clean`).
//!
//! When the code object is made, `intern_string_constants` builds the set
//! a third time if one of its strings made only of name characters is
//! replaced by an equal string that was interned before (an identifier of
//! the source, or a name the interpreter interned at start-up). Which
//! strings the interpreter has interned depends on its state; this module
//! takes the source's identifiers, Python's keywords and builtins, dunder
//! names and the one-character names found interned in the oracle's
//! process.
//!
//! `None` and `...` hash by address in 3.11, so a set holding them has no
//! reproducible order; such items keep their source order.

use std::collections::HashSet;

use num_bigint::BigInt;
use py_fn_bytecode::Constant;

use crate::ast::{Arguments, ExprKind, Module, StmtKind};
use crate::walk::{walk, Node};

/// `PySet_MINSIZE`.
const SET_MINSIZE: usize = 8;
/// `LINEAR_PROBES`.
const LINEAR_PROBES: usize = 9;
/// `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

use py_fn_bytecode::pyhash;

/// `tuplehash` of constants (`None` if an item has no reproducible hash).
fn tuple_hash(items: &[Constant]) -> Option<i64> {
    let lanes = items.iter().map(hash).collect::<Option<Vec<i64>>>()?;
    Some(pyhash::hash_tuple_lanes(&lanes))
}

/// `hash()` of a constant, when CPython's is reproducible.
fn hash(c: &Constant) -> Option<i64> {
    match c {
        Constant::Bool(b) => Some(i64::from(*b)),
        Constant::Int(i) => Some(pyhash::hash_i64(*i)),
        Constant::BigInt(text) => text.parse::<BigInt>().ok().map(|v| pyhash::hash_bigint(&v)),
        // A NaN hashes by its address in CPython: not reproducible.
        Constant::Float(f) if f.is_nan() => None,
        Constant::Float(f) => Some(pyhash::hash_float(*f)),
        Constant::Complex(imag) if imag.is_nan() => None,
        Constant::Complex(imag) => Some(pyhash::hash_imaginary(*imag)),
        Constant::Str(s) => Some(pyhash::hash_str(s)),
        Constant::Bytes(b) => Some(pyhash::hash_bytes(b)),
        Constant::Tuple(items) => tuple_hash(items),
        Constant::None | Constant::Ellipsis | Constant::FrozenSet(_) | Constant::Code(_) => None,
    }
}

/// A number as an exact value for `==` across `bool`, `int` and `float`.
enum Num {
    Int(BigInt),
    Float(f64),
}

fn number(c: &Constant) -> Option<Num> {
    match c {
        Constant::Bool(b) => Some(Num::Int(BigInt::from(u8::from(*b)))),
        Constant::Int(i) => Some(Num::Int(BigInt::from(*i))),
        Constant::BigInt(text) => text.parse::<BigInt>().ok().map(Num::Int),
        Constant::Float(f) => Some(Num::Float(*f)),
        _ => None,
    }
}

/// Python's `==` between two constants.
fn py_eq(a: &Constant, b: &Constant) -> bool {
    if let (Some(x), Some(y)) = (number(a), number(b)) {
        return match (x, y) {
            (Num::Int(x), Num::Int(y)) => x == y,
            (Num::Float(x), Num::Float(y)) => x == y,
            (Num::Int(i), Num::Float(f)) | (Num::Float(f), Num::Int(i)) => {
                f.is_finite() && f.fract() == 0.0 && num_bigint_from_f64(f) == Some(i)
            }
        };
    }
    match (a, b) {
        (Constant::Complex(x), Constant::Complex(y)) => x == y,
        (Constant::Str(x), Constant::Str(y)) => x == y,
        (Constant::Bytes(x), Constant::Bytes(y)) => x == y,
        (Constant::Tuple(x), Constant::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| py_eq(p, q))
        }
        _ => a == b,
    }
}

/// The integer value of an integral finite float.
fn num_bigint_from_f64(f: f64) -> Option<BigInt> {
    if !f.is_finite() || f.fract() != 0.0 {
        return None;
    }
    let (m, e) = pyhash::frexp(f);
    // f == m * 2**e with 53 significant bits in m.
    let mant = (m * (1u64 << 53) as f64) as i64;
    let e = e - 53;
    let v = BigInt::from(mant);
    Some(if e >= 0 {
        v << (e as u32)
    } else {
        v >> ((-e) as u32)
    })
}

/// One slot of the set table: the key and its hash.
type Entry = Option<(Constant, i64)>;

/// A set table being filled (`PySetObject`'s `table`, `mask`, `fill`).
struct Table {
    slots: Vec<Entry>,
    fill: usize,
}

impl Table {
    fn new() -> Table {
        Table {
            slots: vec![None; SET_MINSIZE],
            fill: 0,
        }
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// `set_add_entry` (no deletions happen, so there are no dummies).
    fn add(&mut self, key: Constant, hash: i64) {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let mut probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut j = i;
            loop {
                match &self.slots[j] {
                    None => {
                        self.slots[j] = Some((key, hash));
                        self.fill += 1;
                        if self.fill * 5 >= mask * 3 {
                            self.resize();
                        }
                        return;
                    }
                    Some((k, h)) if *h == hash && py_eq(k, &key) => return,
                    Some(_) => {}
                }
                if probes == 0 {
                    break;
                }
                probes -= 1;
                j += 1;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// `set_table_resize` to at least `used * 4` (`* 2` past 50,000 items).
    fn resize(&mut self) {
        let used = self.fill;
        let minused = if used > 50_000 { used * 2 } else { used * 4 };
        let mut newsize = SET_MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![None; newsize]);
        for (key, hash) in old.into_iter().flatten() {
            self.insert_clean(key, hash);
        }
    }

    /// `set_insert_clean`.
    fn insert_clean(&mut self, key: Constant, hash: i64) {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            if self.slots[i].is_none() {
                self.slots[i] = Some((key, hash));
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in i + 1..=i + LINEAR_PROBES {
                    if self.slots[j].is_none() {
                        self.slots[j] = Some((key, hash));
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    fn into_items(self) -> Vec<Constant> {
        self.slots.into_iter().flatten().map(|(k, _)| k).collect()
    }
}

/// `frozenset(items)`: duplicates dropped, in table order. `None` when an
/// item's hash is not reproducible (then the source order is kept).
fn build(items: &[Constant]) -> Option<Vec<Constant>> {
    let mut table = Table::new();
    for item in items {
        let h = hash(item)?;
        table.add(item.clone(), h);
    }
    Some(table.into_items())
}

/// `all_name_chars`: ASCII letters, digits and `_` only.
fn all_name_chars(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// One-character names that an interned string other than the character
/// singleton stands for in the oracle's process (python3 3.11.7 running
/// `oracle.py`: every letter, digit and `_` but `0-9ADEFGHIJKMNOPQRUVWXYZguz`).
const INTERNED_CHARS: &str = "BCLST_abcdefhijklmnopqrstvwxy";

/// Python's keywords, the names of `builtins` and the (non-dunder)
/// attribute names of the built-in types (3.11.7), interned when the
/// interpreter starts.
const STARTUP_NAMES: &[&str] = &[
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
    "add",
    "add_note",
    "append",
    "args",
    "as_integer_ratio",
    "bit_count",
    "bit_length",
    "capitalize",
    "casefold",
    "center",
    "clear",
    "conjugate",
    "copy",
    "count",
    "decode",
    "denominator",
    "difference",
    "difference_update",
    "discard",
    "encode",
    "endswith",
    "expandtabs",
    "extend",
    "find",
    "format_map",
    "from_bytes",
    "fromhex",
    "fromkeys",
    "get",
    "imag",
    "index",
    "indices",
    "insert",
    "intersection",
    "intersection_update",
    "is_integer",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isdisjoint",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "issubset",
    "issuperset",
    "istitle",
    "isupper",
    "items",
    "join",
    "keys",
    "ljust",
    "lower",
    "lstrip",
    "maketrans",
    "mro",
    "numerator",
    "partition",
    "pop",
    "popitem",
    "real",
    "remove",
    "removeprefix",
    "removesuffix",
    "replace",
    "reverse",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "rstrip",
    "setdefault",
    "sort",
    "split",
    "splitlines",
    "start",
    "startswith",
    "step",
    "stop",
    "strip",
    "swapcase",
    "symmetric_difference",
    "symmetric_difference_update",
    "title",
    "to_bytes",
    "translate",
    "union",
    "update",
    "upper",
    "values",
    "with_traceback",
    "zfill",
];

/// Whether an equal string was probably interned before the code object
/// holding the set was made (see the module documentation).
fn interned_before(s: &str, identifiers: &HashSet<String>) -> bool {
    if s.chars().count() == 1 {
        return INTERNED_CHARS.contains(s);
    }
    identifiers.contains(s)
        || STARTUP_NAMES.contains(&s)
        || (s.len() > 4 && s.starts_with("__") && s.ends_with("__"))
}

/// The items of the constant `frozenset(items)` in the order CPython 3.11
/// stores them in `co_consts`: built from the source order, built again by
/// `merge_consts_recursive`, and a third time by `intern_string_constants`
/// when one of its name-like strings was interned before. `identifiers`
/// are the identifiers of the module (see [`source_identifiers`]).
pub fn frozenset_items(items: &[Constant], identifiers: &HashSet<String>) -> Vec<Constant> {
    let rebuilt = items.iter().any(
        |c| matches!(c, Constant::Str(s) if all_name_chars(s) && interned_before(s, identifiers)),
    );
    let built = build(items)
        .and_then(|once| build(&once))
        .and_then(|twice| if rebuilt { build(&twice) } else { Some(twice) });
    match built {
        Some(order) => order,
        None => {
            // Unhashable-here items: de-duplicate, keep the source order.
            let mut out: Vec<Constant> = Vec::new();
            for item in items {
                if !out.iter().any(|o| py_eq(o, item)) {
                    out.push(item.clone());
                }
            }
            out
        }
    }
}

/// Every identifier of `module` (names, attributes, parameters, keyword
/// arguments, function, class and imported names): the strings the parser
/// interned.
pub fn source_identifiers(module: &Module) -> HashSet<String> {
    let mut out = HashSet::new();
    let params = |a: &Arguments, out: &mut HashSet<String>| {
        let all = a.posonlyargs.iter().chain(&a.args).chain(&a.vararg);
        out.extend(
            all.chain(&a.kwonlyargs)
                .chain(&a.kwarg)
                .map(|p| p.name.clone()),
        );
    };
    walk(&module.body, |node| match node {
        Node::Stmt(s) => match &s.kind {
            StmtKind::FunctionDef(f) => {
                out.insert(f.name.clone());
                params(&f.args, &mut out);
            }
            StmtKind::ClassDef(c) => {
                out.insert(c.name.clone());
                out.extend(c.keywords.iter().filter_map(|k| k.arg.clone()));
            }
            StmtKind::Try { handlers, .. } => {
                out.extend(handlers.iter().filter_map(|h| h.name.clone()));
            }
            StmtKind::Import(names) | StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    out.extend(a.name.split('.').map(str::to_string));
                    out.extend(a.asname.clone());
                }
                if let StmtKind::ImportFrom {
                    module: Some(m), ..
                } = &s.kind
                {
                    out.extend(m.split('.').map(str::to_string));
                }
            }
            StmtKind::Global(names) | StmtKind::Nonlocal(names) => {
                out.extend(names.iter().cloned())
            }
            _ => {}
        },
        Node::Expr(e) => match &e.kind {
            ExprKind::Name { id, .. } => {
                out.insert(id.clone());
            }
            ExprKind::Attribute { attr, .. } => {
                out.insert(attr.clone());
            }
            ExprKind::Call { keywords, .. } => {
                out.extend(keywords.iter().filter_map(|k| k.arg.clone()));
            }
            ExprKind::Lambda { args, .. } => params(args, &mut out),
            _ => {}
        },
    });
    out
}
