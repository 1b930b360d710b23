//! The rhai column: the workloads written in rhai, as close to the Python
//! as rhai allows (closures capture shared variables; `curry` stands for a
//! default argument, and `fib` receives itself as an argument: a closure
//! cannot call itself through a captured variable in rhai; the comprehension
//! is a closure with a `for` loop; the class is an object map whose `add`
//! property is a closure over `this`, made by a constructor function).
//! Rhai has no keyword arguments, defaults or big ints.

use rhai::{Engine, Scope, AST};

/// The rhai script: one function per workload.
const SCRIPT: &str = r#"
fn outer(y, z) { |x| x * z + y }

fn w1(n) {
    let inner = outer(2, 3);
    let total = 0;
    for i in 0..n { total = inner.call(i); }
    total
}

fn make_counter() {
    let count = 0;
    || { count += 1; count }
}

fn w2(n) {
    let step = make_counter();
    let last = 0;
    for _k in 0..n { last = step.call(); }
    last
}

fn w3(n) {
    let fs = [];
    for i in 0..n { fs.push((|i, x| x + i).curry(i)); }
    let total = 0;
    for f in fs { total += f.call(1); }
    total
}

fn fib_outer(k) {
    let fib = |me, m| if m < 2 { m } else { me.call(me, m - 1) + me.call(me, m - 2) };
    fib.call(fib, k)
}

fn w4(n) {
    let last = 0;
    for _k in 0..n { last = fib_outer(20); }
    last
}

fn w5(n) {
    let items = [];
    let push = |v| items.push(v);
    for i in 0..n { push.call(i); }
    items.len()
}

fn make_scaler(k) {
    |data| {
        let out = [];
        for x in data { if x % 3 != 0 { out.push(x * k); } }
        out
    }
}

fn w8(n) {
    let scale = make_scaler(3);
    let data = [];
    for i in 0..300 { data.push(i); }
    let last = [];
    for _k in 0..n { last = scale.call(data); }
    let total = 0;
    for x in last { total += x; }
    total
}

fn new_acc(start) {
    #{ total: start, add: |v| { this.total += v; } }
}

fn w9(n) {
    let acc = new_acc(0);
    for i in 0..n { acc.add(i); }
    acc.total
}
"#;

/// The compiled script and its engine.
pub struct Rhai {
    engine: Engine,
    ast: AST,
}

impl Rhai {
    /// Compiles the script.
    pub fn new() -> Result<Rhai, String> {
        let mut engine = Engine::new();
        engine.set_max_call_levels(1000);
        let ast = engine.compile(SCRIPT).map_err(|e| e.to_string())?;
        Ok(Rhai { engine, ast })
    }

    /// Why workload `name` is not written in rhai, if it is not.
    pub fn missing(name: &str) -> Option<&'static str> {
        match name {
            "w6" => Some("n/a: rhai has no keyword arguments or defaults"),
            "w7" => Some("n/a: rhai has no big integers"),
            _ => None,
        }
    }

    /// Runs `name(n)`: the result as text.
    pub fn run(&self, name: &str, n: i64) -> Result<String, String> {
        let mut scope = Scope::new();
        self.engine
            .call_fn::<i64>(&mut scope, &self.ast, name, (n,))
            .map(|v| v.to_string())
            .map_err(|e| e.to_string())
    }
}
