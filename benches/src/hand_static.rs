//! Hand-written, statically typed Rust: `i64`, `impl Fn` closures,
//! `Rc<Cell<i64>>` for the counter, `BigUint` for the factorial, an
//! iterator chain for the comprehension, a struct with a `&mut self`
//! method for the class. The arguments go through `black_box` so nothing
//! is computed at compile time.

use std::cell::{Cell, RefCell};
use std::hint::black_box;
use std::rc::Rc;

use num_bigint::BigUint;

fn outer(y: i64, z: i64) -> impl Fn(i64) -> i64 {
    move |x| x * z + y
}

fn w1(n: i64) -> i64 {
    let inner = outer(black_box(2), black_box(3));
    let mut total = 0;
    for i in 0..n {
        total = inner(black_box(i));
    }
    total
}

fn make_counter() -> impl Fn() -> i64 {
    let count = Rc::new(Cell::new(0i64));
    move || {
        count.set(count.get() + 1);
        count.get()
    }
}

fn w2(n: i64) -> i64 {
    let step = make_counter();
    let mut last = 0;
    for _ in 0..n {
        last = black_box(step());
    }
    last
}

fn w3(n: i64) -> i64 {
    let mut fs: Vec<Box<dyn Fn(i64) -> i64>> = Vec::new();
    for i in 0..n {
        fs.push(Box::new(move |x| x + i));
    }
    let mut total = 0;
    for f in &fs {
        total += f(black_box(1));
    }
    total
}

fn fib_outer(k: i64) -> i64 {
    fn fib(m: i64) -> i64 {
        if m < 2 {
            return m;
        }
        fib(m - 1) + fib(m - 2)
    }
    fib(k)
}

fn w4(n: i64) -> i64 {
    let mut last = 0;
    for _ in 0..n {
        last = fib_outer(black_box(20));
    }
    last
}

fn w5(n: i64) -> i64 {
    let items: Rc<RefCell<Vec<i64>>> = Rc::new(RefCell::new(Vec::new()));
    let captured = items.clone();
    let push = move |v: i64| captured.borrow_mut().push(v);
    for i in 0..n {
        push(black_box(i));
    }
    let len = items.borrow().len() as i64;
    len
}

fn bind(a: i64, b: Option<i64>, c: Option<i64>, d: Option<i64>) -> i64 {
    a + b.unwrap_or(2) + c.unwrap_or(3) + d.unwrap_or(4)
}

fn w6(n: i64) -> i64 {
    let mut total = 0;
    for i in 0..n {
        total +=
            bind(black_box(i), None, Some(5), None) + bind(black_box(i), Some(1), None, Some(2));
    }
    total
}

fn factorial(k: u32) -> BigUint {
    let mut r = BigUint::from(1u32);
    for j in 2..k + 1 {
        r *= j;
    }
    r
}

fn w7(n: i64) -> u64 {
    let mut last = BigUint::from(0u32);
    for _ in 0..n {
        last = factorial(black_box(100));
    }
    let rem = last % BigUint::from(1_000_000_007u32);
    rem.iter_u64_digits().next().unwrap_or(0)
}

fn make_scaler(k: i64) -> impl Fn(&[i64]) -> Vec<i64> {
    move |data| {
        data.iter()
            .filter(|&&x| x % 3 != 0)
            .map(|&x| x * k)
            .collect()
    }
}

fn w8(n: i64) -> i64 {
    let scale = make_scaler(black_box(3));
    let data: Vec<i64> = (0..black_box(300)).collect();
    let mut last = Vec::new();
    for _ in 0..n {
        last = scale(black_box(&data));
    }
    last.iter().sum()
}

struct Acc {
    total: i64,
}

impl Acc {
    fn new(start: i64) -> Acc {
        Acc { total: start }
    }

    fn add(&mut self, v: i64) {
        self.total += v;
    }
}

fn w9(n: i64) -> i64 {
    let mut acc = Acc::new(black_box(0));
    for i in 0..n {
        acc.add(black_box(i));
    }
    acc.total
}

/// Runs workload `name`: the result as text.
pub fn run(name: &str, n: i64) -> Result<String, String> {
    let n = black_box(n);
    Ok(match name {
        "w1" => w1(n).to_string(),
        "w2" => w2(n).to_string(),
        "w3" => w3(n).to_string(),
        "w4" => w4(n).to_string(),
        "w5" => w5(n).to_string(),
        "w6" => w6(n).to_string(),
        "w7" => w7(n).to_string(),
        "w8" => w8(n).to_string(),
        "w9" => w9(n).to_string(),
        other => return Err(format!("no workload {other}")),
    })
}
