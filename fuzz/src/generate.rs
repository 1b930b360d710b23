//! A grammar-based generator of random *valid* tier-1 programs: nested
//! `def`s and lambdas with every parameter form, closures, `nonlocal` and
//! `global` declarations that CPython 3.11's symbol table accepts, and every
//! tier-1 statement and expression form. Each program it writes must
//! compile without error through the whole front end.
//!
//! Validity rules it keeps (from CPython's `symtable.c`): declarations come
//! first in a body (never "used prior to" or "assigned to before"); a
//! `nonlocal` name is bound in an enclosing function scope and never global
//! anywhere on the way; no declared name is a parameter; parameter names are
//! distinct; positional defaults are not followed by non-default positionals;
//! a bare `*` is followed by a keyword-only parameter; keyword arguments are
//! distinct; `return` only in functions, `break`/`continue` only in loops.

use crate::rng::Rng;

/// Names programs use; some are soft keywords or non-ASCII identifiers
/// (`ｘ` is `x` after NFKC normalisation, as `ℌ` is `H`).
const NAMES: &[&str] = &[
    "a", "b", "c", "x", "y", "z", "n", "i", "j", "k", "v", "s", "t", "f", "g", "h", "xs", "d",
    "acc", "total", "count", "inner", "outer", "make", "step", "cell", "_", "_x", "match", "case",
    "type", "print", "len", "range", "é", "ñame", "ℌ", "ｘ", "λ", "__x",
];

/// Builtin functions that tier-1 programs may call.
const BUILTINS: &[&str] = &[
    "print",
    "len",
    "range",
    "repr",
    "str",
    "int",
    "float",
    "bool",
    "list",
    "tuple",
    "dict",
    "abs",
    "min",
    "max",
    "sum",
    "enumerate",
    "zip",
    "sorted",
    "callable",
];

/// Attributes tier 1 knows.
const ATTRS: &[&str] = &[
    "__code__",
    "__closure__",
    "__name__",
    "__qualname__",
    "__defaults__",
    "__kwdefaults__",
    "__globals__",
    "co_varnames",
    "co_cellvars",
    "co_freevars",
    "co_consts",
    "co_names",
    "cell_contents",
    "append",
    "pop",
    "get",
    "items",
    "keys",
    "values",
    "join",
    "real",
];

/// Binary operators with their precedence and associativity (`true` when right).
const BINOPS: &[(&str, u8, bool)] = &[
    ("+", 10, false),
    ("-", 10, false),
    ("*", 11, false),
    ("/", 11, false),
    ("//", 11, false),
    ("%", 11, false),
    ("**", 13, true),
    ("|", 6, false),
    ("^", 7, false),
    ("&", 8, false),
    ("<<", 9, false),
    (">>", 9, false),
];

/// Comparison operators.
const CMPOPS: &[&str] = &[
    "==", "!=", "<", "<=", ">", ">=", "is", "is not", "in", "not in",
];

/// Augmented assignment operators of tier 1.
const AUGOPS: &[&str] = &["+=", "-=", "*=", "/=", "//=", "%=", "**="];

// Precedence levels (low to high), as in CPython's grammar.
const P_LAMBDA: u8 = 0;
const P_IFEXP: u8 = 1;
const P_OR: u8 = 2;
const P_AND: u8 = 3;
const P_NOT: u8 = 4;
const P_CMP: u8 = 5;
const P_BITOR: u8 = 6;
const P_UNARY: u8 = 12;
const P_AWAIT: u8 = 14;
const P_PRIMARY: u8 = 15;
const P_ATOM: u8 = 16;

/// The NFKC form of a name of [`NAMES`].
fn norm(n: &str) -> String {
    match n {
        "ｘ" => "x".to_string(),
        "ℌ" => "H".to_string(),
        _ => n.to_string(),
    }
}

/// One scope being written.
#[derive(Default)]
struct Scope {
    function: bool,
    params: Vec<String>,
    bound: Vec<String>,
    globals: Vec<String>,
    nonlocals: Vec<String>,
}

/// The generator state for one program.
pub struct ProgramGen<'r> {
    rng: &'r mut Rng,
    out: String,
    unit: &'static str,
    scopes: Vec<Scope>,
    /// Statements left to write.
    budget: usize,
    /// Names bound by enclosing lambdas (visible in the expression being written).
    lambda_names: Vec<String>,
}

/// A random valid tier-1 program.
pub fn program(rng: &mut Rng) -> String {
    let unit = *rng
        .pick(&["    ", "    ", "  ", "\t", " ", "        "])
        .unwrap_or(&"    ");
    let budget = if rng.chance(1, 10) {
        rng.range(8, 40)
    } else {
        rng.range(1, 7)
    };
    let mut g = ProgramGen {
        rng,
        out: String::new(),
        unit,
        scopes: vec![Scope::default()],
        budget,
        lambda_names: Vec::new(),
    };
    if g.rng.chance(1, 8) {
        g.out.push_str("\"\"\"module docstring\"\"\"\n");
    }
    if g.rng.chance(1, 10) {
        let n = g.name();
        g.out.push_str(&format!("global {n}\n"));
    }
    while g.budget > 0 {
        g.stmt(0, 0, false);
    }
    g.out
}

impl ProgramGen<'_> {
    fn scope(&mut self) -> &mut Scope {
        let last = self.scopes.len().saturating_sub(1);
        // The module scope is never popped.
        &mut self.scopes[last]
    }

    fn in_function(&self) -> bool {
        self.scopes.last().is_some_and(|s| s.function)
    }

    fn name(&mut self) -> String {
        (*self.rng.pick(NAMES).unwrap_or(&"x")).to_string()
    }

    /// A name and its NFKC-normalised spelling (what scopes compare).
    fn name_pair(&mut self) -> (String, String) {
        let raw = self.name();
        let key = norm(&raw);
        (raw, key)
    }

    /// A name to read: a visible one most of the time.
    fn read_name(&mut self) -> String {
        if !self.lambda_names.is_empty() && self.rng.chance(1, 2) {
            let i = self.rng.below(self.lambda_names.len());
            return self.lambda_names[i].clone();
        }
        let mut visible: Vec<String> = Vec::new();
        for s in &self.scopes {
            visible.extend(s.params.iter().cloned());
            visible.extend(s.bound.iter().cloned());
        }
        if !visible.is_empty() && self.rng.chance(2, 3) {
            let i = self.rng.below(visible.len());
            return visible[i].clone();
        }
        self.name()
    }

    /// A name to bind in the current scope.
    fn bind_name(&mut self) -> String {
        let (raw, n) = self.name_pair();
        let s = self.scope();
        if !s.bound.contains(&n) && !s.globals.contains(&n) {
            s.bound.push(n);
        }
        raw
    }

    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str(self.unit);
        }
        self.out.push_str(text);
        if self.rng.chance(1, 30) {
            self.out.push_str("  # comment é");
        }
        self.out.push('\n');
        if self.rng.chance(1, 25) {
            self.out.push('\n');
        }
    }

    /// One statement at indentation `depth`, `nest` compound levels deep.
    fn stmt(&mut self, depth: usize, nest: usize, in_loop: bool) {
        self.budget = self.budget.saturating_sub(1);
        let compound_ok = nest < 4 && depth < 12 && self.budget > 0;
        // Closures are the point: a `def` a third of the time while nesting allows.
        let choice = if compound_ok && self.rng.chance(1, 3) {
            11
        } else {
            self.rng.below(if compound_ok { 20 } else { 11 })
        };
        match choice {
            0..=2 => {
                let s = self.assign();
                self.line(depth, &s);
            }
            3 => {
                let s = self.augassign();
                self.line(depth, &s);
            }
            4 | 5 => {
                let s = self.expr_stmt();
                self.line(depth, &s);
            }
            6 => {
                if self.rng.chance(1, 3) {
                    let a = self.simple_stmt(in_loop);
                    let b = self.simple_stmt(in_loop);
                    self.line(depth, &format!("{a}; {b}"));
                } else {
                    self.line(depth, "pass");
                }
            }
            7 | 8 if self.in_function() => {
                let s = if self.rng.chance(1, 4) {
                    "return".to_string()
                } else if self.rng.chance(1, 5) {
                    let a = self.expr(2, P_BITOR).0;
                    let b = self.expr(2, P_BITOR).0;
                    format!("return {a}, {b}")
                } else {
                    format!("return {}", self.expr(3, P_LAMBDA).0)
                };
                self.line(depth, &s);
            }
            9 | 10 if in_loop => {
                let s = if self.rng.chance(1, 2) {
                    "break"
                } else {
                    "continue"
                };
                self.line(depth, s);
            }
            7..=10 => {
                let s = self.expr_stmt();
                self.line(depth, &s);
            }
            11..=13 => self.def(depth, nest),
            14 | 15 => self.if_stmt(depth, nest, in_loop),
            16 | 17 => self.for_stmt(depth, nest),
            _ => self.while_stmt(depth, nest),
        }
    }

    fn simple_stmt(&mut self, in_loop: bool) -> String {
        match self.rng.below(5) {
            0 => self.assign(),
            1 => self.augassign(),
            2 if in_loop => "continue".to_string(),
            3 => "pass".to_string(),
            _ => self.expr_stmt(),
        }
    }

    /// A body of statements at `depth`.
    fn body(&mut self, depth: usize, nest: usize, in_loop: bool) {
        // At least one statement; more only while the program's budget lasts.
        let n = self.rng.range(1, 3);
        for k in 0..n {
            if k > 0 && self.budget == 0 {
                break;
            }
            self.stmt(depth, nest, in_loop);
        }
    }

    /// A block: either a one-line simple body after the colon or an indented body.
    fn block(&mut self, header: &str, depth: usize, nest: usize, in_loop: bool) {
        if self.rng.chance(1, 8) {
            let s = self.simple_stmt(in_loop);
            self.line(depth, &format!("{header} {s}"));
        } else {
            self.line(depth, header);
            self.body(depth + 1, nest + 1, in_loop);
        }
    }

    fn if_stmt(&mut self, depth: usize, nest: usize, in_loop: bool) {
        let t = self.expr(3, P_LAMBDA).0;
        self.block(&format!("if {t}:"), depth, nest, in_loop);
        for _ in 0..self.rng.below(3) {
            let t = self.expr(3, P_LAMBDA).0;
            self.block(&format!("elif {t}:"), depth, nest, in_loop);
        }
        if self.rng.chance(1, 2) {
            self.block("else:", depth, nest, in_loop);
        }
    }

    fn while_stmt(&mut self, depth: usize, nest: usize) {
        let t = self.expr(3, P_LAMBDA).0;
        self.block(&format!("while {t}:"), depth, nest, true);
    }

    fn for_stmt(&mut self, depth: usize, nest: usize) {
        let target = match self.rng.below(5) {
            0 => {
                let a = self.bind_name();
                let b = self.bind_name();
                format!("{a}, {b}")
            }
            1 => {
                let a = self.bind_name();
                let b = self.bind_name();
                format!("({a}, [{b}])")
            }
            2 => format!("{}[{}]", self.primary(1), self.expr(1, P_LAMBDA).0),
            _ => self.bind_name(),
        };
        let iter = if self.rng.chance(1, 2) {
            format!("range({})", self.expr(2, P_LAMBDA).0)
        } else {
            self.expr(3, P_LAMBDA).0
        };
        self.block(&format!("for {target} in {iter}:"), depth, nest, true);
    }

    /// An assignment target (a name is bound in the current scope).
    fn target(&mut self, top: bool) -> String {
        match self.rng.below(10) {
            0 if top => {
                let n = self.rng.range(1, 3);
                let parts: Vec<String> = (0..n).map(|_| self.target(false)).collect();
                if n == 1 {
                    format!("{},", parts.join(", "))
                } else {
                    parts.join(", ")
                }
            }
            1 => {
                let n = self.rng.range(1, 3);
                let parts: Vec<String> = (0..n).map(|_| self.target(false)).collect();
                if self.rng.chance(1, 2) {
                    format!("[{}]", parts.join(", "))
                } else {
                    format!("({},)", parts.join(", "))
                }
            }
            2 => format!("{}[{}]", self.primary(1), self.subscript_index()),
            3 => {
                let attr = *self
                    .rng
                    .pick(&["__defaults__", "__kwdefaults__", "cell_contents", "attr"])
                    .unwrap_or(&"attr");
                format!("{}.{attr}", self.primary(1))
            }
            _ => self.bind_name(),
        }
    }

    fn assign(&mut self) -> String {
        let n = if self.rng.chance(1, 5) {
            self.rng.range(2, 4)
        } else {
            1
        };
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(&self.target(true));
            s.push_str(" = ");
        }
        if self.rng.chance(1, 6) {
            let a = self.expr(2, P_BITOR).0;
            let b = self.expr(2, P_BITOR).0;
            s.push_str(&format!("{a}, {b}"));
        } else {
            s.push_str(&self.expr(4, P_LAMBDA).0);
        }
        s
    }

    fn augassign(&mut self) -> String {
        let target = if self.rng.chance(1, 4) {
            format!("{}[{}]", self.primary(1), self.expr(1, P_LAMBDA).0)
        } else {
            self.bind_name()
        };
        let op = *self.rng.pick(AUGOPS).unwrap_or(&"+=");
        format!("{target} {op} {}", self.expr(3, P_LAMBDA).0)
    }

    fn expr_stmt(&mut self) -> String {
        if self.rng.chance(2, 3) {
            self.call(3)
        } else {
            self.expr(3, P_LAMBDA).0
        }
    }

    /// A parameter list; the names are pushed onto `names`.
    fn params(&mut self, names: &mut Vec<String>, depth: u32) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut defaults = false;
        let fresh = |g: &mut Self, names: &mut Vec<String>| -> Option<String> {
            for _ in 0..8 {
                let (raw, n) = g.name_pair();
                if !names.contains(&n) {
                    names.push(n);
                    return Some(raw);
                }
            }
            None
        };
        let mut positional = |g: &mut Self, names: &mut Vec<String>, parts: &mut Vec<String>| {
            if let Some(n) = fresh(g, names) {
                if defaults || g.rng.chance(1, 3) {
                    defaults = true;
                    let d = g.expr(depth, P_LAMBDA).0;
                    parts.push(format!("{n}={d}"));
                } else {
                    parts.push(n);
                }
            }
        };
        if self.rng.chance(1, 4) {
            for _ in 0..self.rng.range(1, 2) {
                positional(self, names, &mut parts);
            }
            if !parts.is_empty() {
                parts.push("/".to_string());
            }
        }
        for _ in 0..self.rng.below(4) {
            positional(self, names, &mut parts);
        }
        if self.rng.chance(1, 3) {
            let star = if self.rng.chance(1, 2) {
                fresh(self, names)
            } else {
                None
            };
            let kwonly = self.rng.below(3);
            let mut kw_parts = Vec::new();
            for _ in 0..kwonly {
                if let Some(n) = fresh(self, names) {
                    if self.rng.chance(1, 2) {
                        let d = self.expr(depth, P_LAMBDA).0;
                        kw_parts.push(format!("{n}={d}"));
                    } else {
                        kw_parts.push(n);
                    }
                }
            }
            match star {
                Some(s) => parts.push(format!("*{s}")),
                None if !kw_parts.is_empty() => parts.push("*".to_string()),
                None => {}
            }
            parts.extend(kw_parts);
        }
        if self.rng.chance(1, 5) {
            if let Some(n) = fresh(self, names) {
                parts.push(format!("**{n}"));
            }
        }
        parts.join(", ")
    }

    fn def(&mut self, depth: usize, nest: usize) {
        // A top-level `def` becomes a Rust item: rustgen asks for an ASCII
        // name there (a documented limit, not a bug).
        let mut fname = self.bind_name();
        if self.scopes.len() == 1 {
            for _ in 0..16 {
                if fname.is_ascii() && fname != "_" {
                    break;
                }
                fname = self.bind_name();
            }
            if !fname.is_ascii() || fname == "_" {
                fname = "f".to_string();
                self.scope().bound.push(fname.clone());
            }
        }
        let mut names = Vec::new();
        let params = self.params(&mut names, 2);
        self.line(depth, &format!("def {fname}({params}):"));
        // Nonlocal candidates: bound in an enclosing function scope, global nowhere.
        let mut globals_anywhere: Vec<String> = Vec::new();
        let mut candidates: Vec<String> = Vec::new();
        for s in &self.scopes {
            globals_anywhere.extend(s.globals.iter().cloned());
            if s.function {
                candidates.extend(s.params.iter().cloned());
                candidates.extend(s.bound.iter().cloned());
                candidates.extend(s.nonlocals.iter().cloned());
            }
        }
        candidates.retain(|c| !globals_anywhere.contains(c) && !names.contains(c));
        let mut scope = Scope {
            function: true,
            params: names,
            ..Scope::default()
        };
        let inner = depth + 1;
        let mut wrote = false;
        if self.rng.chance(1, 4) {
            self.line(inner, "\"\"\"Doc \\\"string\\\".\"\"\"");
            wrote = true;
        }
        if !candidates.is_empty() && self.rng.chance(1, 2) {
            let mut decl: Vec<String> = Vec::new();
            for _ in 0..self.rng.range(1, 2) {
                let i = self.rng.below(candidates.len());
                let c = candidates[i].clone();
                if !decl.contains(&c) {
                    decl.push(c);
                }
            }
            self.line(inner, &format!("nonlocal {}", decl.join(", ")));
            scope.nonlocals = decl;
            wrote = true;
        }
        if self.rng.chance(1, 4) {
            let (raw, n) = self.name_pair();
            if !scope.params.contains(&n) && !scope.nonlocals.contains(&n) {
                self.line(inner, &format!("global {raw}"));
                scope.globals.push(n);
                wrote = true;
            }
        }
        self.scopes.push(scope);
        if !wrote || self.rng.chance(3, 4) {
            self.body(inner, nest + 1, false);
        }
        self.scopes.pop();
    }

    /// A primary expression (call, subscript, attribute base).
    fn primary(&mut self, depth: u32) -> String {
        let (s, p) = self.expr(depth, P_PRIMARY);
        if p < P_PRIMARY || s.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            format!("({s})")
        } else {
            s
        }
    }

    fn call(&mut self, depth: u32) -> String {
        let func = if self.rng.chance(1, 2) {
            (*self.rng.pick(BUILTINS).unwrap_or(&"print")).to_string()
        } else {
            self.primary(depth.saturating_sub(1))
        };
        let d = depth.saturating_sub(1);
        let mut args: Vec<String> = Vec::new();
        for _ in 0..self.rng.below(4) {
            args.push(self.expr(d, P_LAMBDA).0);
        }
        if self.rng.chance(1, 6) {
            args.push(format!("*{}", self.expr(d, P_BITOR).0));
        }
        let mut kws: Vec<String> = Vec::new();
        for _ in 0..self.rng.below(3) {
            let (raw, k) = self.name_pair();
            if !kws.contains(&k) {
                args.push(format!("{raw}={}", self.expr(d, P_LAMBDA).0));
                kws.push(k);
            }
        }
        if self.rng.chance(1, 8) {
            args.push(format!("**{}", self.expr(d, P_BITOR).0));
        }
        format!("{func}({})", args.join(", "))
    }

    fn subscript_index(&mut self) -> String {
        let part = |g: &mut Self| {
            if g.rng.chance(1, 3) {
                String::new()
            } else {
                g.expr(1, P_LAMBDA).0
            }
        };
        match self.rng.below(6) {
            0 => format!("{}:{}", part(self), part(self)),
            1 => format!("{}:{}:{}", part(self), part(self), part(self)),
            2 => format!("{}, {}", self.expr(1, P_LAMBDA).0, self.expr(1, P_LAMBDA).0),
            _ => self.expr(2, P_LAMBDA).0,
        }
    }

    fn int_literal(&mut self) -> String {
        match self.rng.below(10) {
            0 => {
                let n = self.rng.range(19, 80);
                let mut s = String::from("1");
                for _ in 0..n {
                    s.push(char::from(b'0' + self.rng.below(10) as u8));
                }
                s
            }
            1 => format!("0x{:X}", self.rng.next_u64()),
            2 => format!("0o{:o}", self.rng.below(4096)),
            3 => format!("0b{:b}", self.rng.below(4096)),
            4 => "1_000_000".to_string(),
            5 => "00".to_string(),
            _ => self.rng.below(100).to_string(),
        }
    }

    fn float_literal(&mut self) -> String {
        (*self
            .rng
            .pick(&[
                "1.5", "0.0", "1e10", "1.5e-3", ".5", "5.", "1_000.5", "1e308", "1e400", "0.1",
                "3.14159", "2E+2",
            ])
            .unwrap_or(&"1.5"))
        .to_string()
    }

    fn str_literal(&mut self) -> String {
        let pieces = [
            "",
            "a",
            "abc",
            " ",
            "\\n",
            "\\t",
            "\\\\",
            "\\\"",
            "\\x41",
            "\\u00e9",
            "é",
            "日本",
            "'",
            "{}",
            "%s",
            "\\N{BULLET}",
            "\\0",
            "🐍",
        ];
        let mut s = String::from("\"");
        for _ in 0..self.rng.below(4) {
            s.push_str(self.rng.pick(&pieces).unwrap_or(&"a"));
        }
        s.push('"');
        if self.rng.chance(1, 10) {
            s.push_str(" \"more\"");
        }
        s
    }

    fn atom(&mut self) -> (String, u8) {
        let s = match self.rng.below(12) {
            0..=3 => self.read_name(),
            4 | 5 => self.int_literal(),
            6 => self.float_literal(),
            7 | 8 => self.str_literal(),
            9 => (*self.rng.pick(&["True", "False", "None"]).unwrap_or(&"None")).to_string(),
            10 => "()".to_string(),
            _ => (*self.rng.pick(&["[]", "{}"]).unwrap_or(&"[]")).to_string(),
        };
        (s, P_ATOM)
    }

    fn wrap(&mut self, depth: u32, min: u8) -> String {
        let (s, p) = self.expr(depth, min);
        if p < min {
            format!("({s})")
        } else {
            s
        }
    }

    /// An expression of precedence at least `min` (parenthesised if needed
    /// by the caller through [`ProgramGen::wrap`]).
    fn expr(&mut self, depth: u32, min: u8) -> (String, u8) {
        if depth == 0 || self.rng.chance(1, 4) {
            return self.atom();
        }
        let d = depth - 1;
        let (s, p) = match self.rng.below(16) {
            0 | 1 => {
                let &(op, prec, right) = self.rng.pick(BINOPS).unwrap_or(&("+", 10, false));
                let (lmin, rmin) = if right {
                    (P_AWAIT, P_UNARY)
                } else {
                    (prec, prec + 1)
                };
                let l = self.wrap(d, lmin);
                let r = self.wrap(d, rmin);
                (format!("{l} {op} {r}"), prec)
            }
            2 => {
                let op = *self.rng.pick(&["-", "+", "~", "not "]).unwrap_or(&"-");
                if op == "not " {
                    (format!("not {}", self.wrap(d, P_NOT)), P_NOT)
                } else {
                    (format!("{op}{}", self.wrap(d, P_UNARY)), P_UNARY)
                }
            }
            3 => {
                let mut s = self.wrap(d, P_BITOR);
                for _ in 0..self.rng.range(1, 3) {
                    let op = *self.rng.pick(CMPOPS).unwrap_or(&"==");
                    s = format!("{s} {op} {}", self.wrap(d, P_BITOR));
                }
                (s, P_CMP)
            }
            4 => {
                let (op, prec) = if self.rng.chance(1, 2) {
                    ("and", P_AND)
                } else {
                    ("or", P_OR)
                };
                let mut s = self.wrap(d, prec + 1);
                for _ in 0..self.rng.range(1, 2) {
                    s = format!("{s} {op} {}", self.wrap(d, prec + 1));
                }
                (s, prec)
            }
            5 => {
                let b = self.wrap(d, P_OR);
                let t = self.wrap(d, P_OR);
                let o = self.wrap(d, P_IFEXP);
                (format!("{b} if {t} else {o}"), P_IFEXP)
            }
            6 => {
                let mut names = Vec::new();
                let params = self.params(&mut names, d.min(1));
                let saved = self.lambda_names.len();
                self.lambda_names.extend(names);
                let body = self.wrap(d, P_LAMBDA);
                self.lambda_names.truncate(saved);
                if params.is_empty() {
                    (format!("lambda: {body}"), P_LAMBDA)
                } else {
                    (format!("lambda {params}: {body}"), P_LAMBDA)
                }
            }
            7 | 8 => (self.call(d), P_PRIMARY),
            9 => (
                format!("{}[{}]", self.primary(d), self.subscript_index()),
                P_PRIMARY,
            ),
            10 => {
                let attr = *self.rng.pick(ATTRS).unwrap_or(&"real");
                (format!("{}.{attr}", self.primary(d)), P_PRIMARY)
            }
            11 => {
                let n = self.rng.below(4);
                let mut items: Vec<String> = (0..n).map(|_| self.wrap(d, P_LAMBDA)).collect();
                if self.rng.chance(1, 6) {
                    items.push(format!("*{}", self.wrap(d, P_BITOR)));
                }
                match items.len() {
                    0 => ("()".to_string(), P_ATOM),
                    1 => (format!("({},)", items.join("")), P_ATOM),
                    _ => (format!("({})", items.join(", ")), P_ATOM),
                }
            }
            12 => {
                let n = self.rng.below(4);
                let mut items: Vec<String> = (0..n).map(|_| self.wrap(d, P_LAMBDA)).collect();
                if self.rng.chance(1, 6) {
                    items.push(format!("*{}", self.wrap(d, P_BITOR)));
                }
                (format!("[{}]", items.join(", ")), P_ATOM)
            }
            13 => {
                let n = self.rng.below(3);
                let mut items: Vec<String> = (0..n)
                    .map(|_| {
                        let k = self.wrap(d, P_OR);
                        let v = self.wrap(d, P_LAMBDA);
                        format!("{k}: {v}")
                    })
                    .collect();
                if self.rng.chance(1, 8) {
                    items.push(format!("**{}", self.wrap(d, P_BITOR)));
                }
                (format!("{{{}}}", items.join(", ")), P_ATOM)
            }
            14 => (format!("({})", self.expr(d, P_LAMBDA).0), P_ATOM),
            _ => self.atom(),
        };
        let _ = min;
        (s, p)
    }
}

#[cfg(test)]
mod tests {
    use super::program;
    use crate::rng::Rng;

    #[test]
    fn programs_are_deterministic_and_nonempty() {
        for i in 0..50 {
            let a = program(&mut Rng::for_input(3, i));
            let b = program(&mut Rng::for_input(3, i));
            assert_eq!(a, b);
            assert!(!a.is_empty());
        }
    }
}
