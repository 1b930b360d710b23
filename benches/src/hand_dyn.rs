//! Hand-written Rust with dynamic values: py_fn's `Value`, closures as
//! `Rc<dyn Fn>`, captured variables in `Rc<RefCell<Value>>`, and objects
//! as a class's method table plus an attribute map — what a careful
//! programmer writes for dynamically typed closures and objects, without
//! Python's calling convention (argument binding, recursion limit, errors)
//! or attribute lookup rules (descriptors, the MRO).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::BigInt;
use py_fn::Value;

/// A closure over dynamic values.
type DynFn = Rc<dyn Fn(&[Value]) -> Value>;

/// A captured variable.
type Shared = Rc<RefCell<Value>>;

fn shared(v: Value) -> Shared {
    Rc::new(RefCell::new(v))
}

fn big(v: &Value) -> BigInt {
    match v {
        Value::Int(i) => BigInt::from(*i),
        Value::BigInt(b) => b.as_ref().clone(),
        _ => BigInt::from(0),
    }
}

fn add(a: &Value, b: &Value) -> Value {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = x.checked_add(*y) {
            return Value::Int(r);
        }
    }
    Value::from_bigint(big(a) + big(b))
}

fn sub(a: &Value, b: &Value) -> Value {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = x.checked_sub(*y) {
            return Value::Int(r);
        }
    }
    Value::from_bigint(big(a) - big(b))
}

fn mul(a: &Value, b: &Value) -> Value {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = x.checked_mul(*y) {
            return Value::Int(r);
        }
    }
    Value::from_bigint(big(a) * big(b))
}

/// Python's `%` (the sign of the divisor), for ints.
fn rem(a: &Value, b: &Value) -> Value {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(r) = x.checked_rem(*y) {
            let r = if r != 0 && (r < 0) != (*y < 0) {
                r + y
            } else {
                r
            };
            return Value::Int(r);
        }
    }
    let (x, y) = (big(a), big(b));
    let r = &x % &y;
    let zero = BigInt::from(0);
    let r = if r != zero && (r < zero) != (y < zero) {
        r + y
    } else {
        r
    };
    Value::from_bigint(r)
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::BigInt(_) => true,
        Value::List(items) => !items.borrow().is_empty(),
        _ => true,
    }
}

fn lt(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x < y,
        _ => big(a) < big(b),
    }
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::None)
}

fn outer(y: Value, z: Value) -> DynFn {
    let (y, z) = (shared(y), shared(z));
    Rc::new(move |args| add(&mul(&arg(args, 0), &z.borrow()), &y.borrow()))
}

fn w1(n: i64) -> Value {
    let inner = outer(Value::Int(2), Value::Int(3));
    let mut total = Value::Int(0);
    for i in 0..n {
        total = inner(&[Value::Int(i)]);
    }
    total
}

fn make_counter() -> DynFn {
    let count = shared(Value::Int(0));
    Rc::new(move |_| {
        let next = add(&count.borrow(), &Value::Int(1));
        *count.borrow_mut() = next.clone();
        next
    })
}

fn w2(n: i64) -> Value {
    let step = make_counter();
    let mut last = Value::Int(0);
    for _ in 0..n {
        last = step(&[]);
    }
    last
}

fn w3(n: i64) -> Value {
    let mut fs: Vec<DynFn> = Vec::new();
    for i in 0..n {
        let default = Value::Int(i);
        fs.push(Rc::new(move |args| add(&arg(args, 0), &default)));
    }
    let mut total = Value::Int(0);
    for f in &fs {
        total = add(&total, &f(&[Value::Int(1)]));
    }
    total
}

fn fib_outer(k: Value) -> Value {
    let fib: Rc<RefCell<Option<DynFn>>> = Rc::new(RefCell::new(None));
    let me = fib.clone();
    let body: DynFn = Rc::new(move |args| {
        let m = arg(args, 0);
        if lt(&m, &Value::Int(2)) {
            return m;
        }
        let f = me.borrow().clone();
        match f {
            Some(f) => add(
                &f(&[sub(&m, &Value::Int(1))]),
                &f(&[sub(&m, &Value::Int(2))]),
            ),
            None => Value::None,
        }
    });
    *fib.borrow_mut() = Some(body.clone());
    let result = body(&[k]);
    // Break the cycle fib -> body -> fib.
    fib.borrow_mut().take();
    result
}

fn w4(n: i64) -> Value {
    let mut last = Value::Int(0);
    for _ in 0..n {
        last = fib_outer(Value::Int(20));
    }
    last
}

fn w5(n: i64) -> Value {
    let items: Rc<RefCell<Vec<Value>>> = Rc::new(RefCell::new(Vec::new()));
    let captured = items.clone();
    let push: DynFn = Rc::new(move |args| {
        captured.borrow_mut().push(arg(args, 0));
        Value::None
    });
    for i in 0..n {
        push(&[Value::Int(i)]);
    }
    let len = items.borrow().len() as i64;
    Value::Int(len)
}

fn bind(a: Value, b: Option<Value>, c: Option<Value>, d: Option<Value>) -> Value {
    let b = b.unwrap_or(Value::Int(2));
    let c = c.unwrap_or(Value::Int(3));
    let d = d.unwrap_or(Value::Int(4));
    add(&add(&add(&a, &b), &c), &d)
}

fn w6(n: i64) -> Value {
    let mut total = Value::Int(0);
    for i in 0..n {
        let one = bind(Value::Int(i), None, Some(Value::Int(5)), None);
        let two = bind(
            Value::Int(i),
            Some(Value::Int(1)),
            None,
            Some(Value::Int(2)),
        );
        total = add(&total, &add(&one, &two));
    }
    total
}

fn factorial(k: i64) -> Value {
    let mut r = Value::Int(1);
    for j in 2..k + 1 {
        r = mul(&r, &Value::Int(j));
    }
    r
}

fn w7(n: i64) -> Value {
    let mut last = Value::Int(0);
    for _ in 0..n {
        last = factorial(std::hint::black_box(100));
    }
    Value::from_bigint(big(&last) % BigInt::from(1_000_000_007))
}

fn make_scaler(k: Value) -> DynFn {
    let k = shared(k);
    Rc::new(move |args| {
        let mut out = Vec::new();
        if let Value::List(data) = arg(args, 0) {
            for x in data.borrow().iter() {
                if truthy(&rem(x, &Value::Int(3))) {
                    out.push(mul(x, &k.borrow()));
                }
            }
        }
        Value::list(out)
    })
}

fn w8(n: i64) -> Value {
    let scale = make_scaler(Value::Int(3));
    let data = Value::list((0..300).map(Value::Int));
    let mut last = Value::list([]);
    for _ in 0..n {
        last = scale(std::slice::from_ref(&data));
    }
    let mut total = Value::Int(0);
    if let Value::List(items) = &last {
        for x in items.borrow().iter() {
            total = add(&total, x);
        }
    }
    total
}

/// A method: the instance, then the arguments.
type Method = fn(&Object, &[Value]) -> Value;

/// A class: its methods by name.
struct Class {
    methods: HashMap<&'static str, Method>,
}

/// An instance: its class and its attributes by name.
struct Object {
    class: Rc<Class>,
    attrs: RefCell<HashMap<&'static str, Value>>,
}

impl Object {
    /// `Class(args)`: a new instance, then `__init__`.
    fn new(class: &Rc<Class>, args: &[Value]) -> Rc<Object> {
        let obj = Rc::new(Object {
            class: class.clone(),
            attrs: RefCell::new(HashMap::new()),
        });
        obj.call_method("__init__", args);
        obj
    }

    /// `self.name(args)`: the class's method (no attribute can shadow it
    /// in this sketch), called with the instance.
    fn call_method(&self, name: &str, args: &[Value]) -> Value {
        match self.class.methods.get(name) {
            Some(method) => method(self, args),
            None => Value::None,
        }
    }

    fn get(&self, name: &str) -> Value {
        self.attrs
            .borrow()
            .get(name)
            .cloned()
            .unwrap_or(Value::None)
    }

    fn set(&self, name: &'static str, v: Value) {
        self.attrs.borrow_mut().insert(name, v);
    }
}

fn acc_class() -> Rc<Class> {
    let mut methods: HashMap<&'static str, Method> = HashMap::new();
    methods.insert("__init__", |obj, args| {
        obj.set("total", arg(args, 0));
        Value::None
    });
    methods.insert("add", |obj, args| {
        let total = add(&obj.get("total"), &arg(args, 0));
        obj.set("total", total);
        Value::None
    });
    Rc::new(Class { methods })
}

fn w9(n: i64) -> Value {
    let acc_type = acc_class();
    let acc = Object::new(&acc_type, &[Value::Int(0)]);
    for i in 0..n {
        acc.call_method("add", &[Value::Int(i)]);
    }
    acc.get("total")
}

/// Runs workload `name`: `repr` of the result.
pub fn run(name: &str, n: i64) -> Result<String, String> {
    let n = std::hint::black_box(n);
    let v = match name {
        "w1" => w1(n),
        "w2" => w2(n),
        "w3" => w3(n),
        "w4" => w4(n),
        "w5" => w5(n),
        "w6" => w6(n),
        "w7" => w7(n),
        "w8" => w8(n),
        "w9" => w9(n),
        other => return Err(format!("no workload {other}")),
    };
    Ok(v.repr())
}
