//! Interpreted calls run inside the eval loop: deep recursion needs no
//! Rust stack, still stops at the recursion limit, and exceptions, generators
//! and the step budget work across the calls.

use std::rc::Rc;

use py_fn_runtime::{capture_stdout, set_force_vm, vm, Code, Globals};

/// Runs `source` on the interpreter in a thread with `stack` bytes of
/// stack: what it prints, then the uncaught exception if any.
fn run(source: &'static str, stack: usize) -> String {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let data = py_fn_compiler::compile(source, "calls.py").expect("compiles");
            set_force_vm(true);
            let code = Code::from_owned(Rc::new(data));
            let globals = Globals::new("__main__");
            let (mut out, result) = capture_stdout(|| vm::run_code(&code, &globals));
            if let Err(e) = result {
                out.push_str(&e.to_string());
                out.push('\n');
            }
            out
        })
        .expect("spawn")
        .join()
        .expect("no panic")
}

#[test]
fn nine_hundred_ninety_nested_calls_fit_an_8_mib_stack() {
    let out = run(
        "
def down(n):
    if n == 0:
        return 0
    return 1 + down(n - 1)

class C:
    def m(self, n):
        return 0 if n == 0 else 1 + self.m(n - 1)

def gen_down(n):
    if n == 0:
        return list(range(3))
    return gen_down(n - 1)

print(down(998))
print(C().m(997))
print(gen_down(990))
try:
    down(999)
except RecursionError as e:
    print('RecursionError', e)
print(down(5))
",
        8 << 20,
    );
    assert_eq!(
        out,
        "998\n997\n[0, 1, 2]\nRecursionError maximum recursion depth exceeded\n5\n"
    );
}

#[test]
fn exceptions_generators_and_defaults_across_interpreted_calls() {
    let out = run(
        "
def inner(x, y=10, z=20):
    if x < 0:
        raise ValueError(x)
    return x + y + z

def middle(x):
    try:
        return inner(x)
    finally:
        print('finally', x)

def outer(x):
    try:
        return middle(x)
    except ValueError as e:
        return 'caught %r' % (e,)

def gen(n):
    for i in range(n):
        yield inner(i, 0, 0)

def make(n):
    return gen(n)

def uses_gen():
    total = 0
    for v in make(4):
        total += v
    return total

print(outer(1), outer(-1))
print(uses_gen(), list(make(3)))
print(inner(1, 2), inner(1, 2, 3))
def deep_raise(n):
    if n == 0:
        raise KeyError('bottom')
    return deep_raise(n - 1)
try:
    deep_raise(50)
except KeyError as e:
    print('KeyError', e)
",
        8 << 20,
    );
    assert_eq!(
        out,
        "finally 1\nfinally -1\n31 caught ValueError(-1)\n6 [0, 1, 2]\n23 6\nKeyError 'bottom'\n"
    );
}

#[test]
fn the_step_budget_stops_recursion_on_the_interpreter() {
    let out = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            let source = "
def f(n):
    return f(n - 1) if n else 0
def g():
    while True:
        try:
            f(50)
        except RuntimeError:
            pass
g()
";
            let data = py_fn_compiler::compile(source, "budget.py").expect("compiles");
            set_force_vm(true);
            let code = Code::from_owned(Rc::new(data));
            let globals = Globals::new("__main__");
            vm::set_step_budget(Some(100_000));
            let result = vm::run_code(&code, &globals);
            vm::set_step_budget(None);
            result.map(|_| ()).map_err(|e| e.to_string())
        })
        .expect("spawn")
        .join()
        .expect("no panic");
    assert_eq!(
        out,
        Err("RuntimeError: the interpreter's step budget is exhausted".to_string())
    );
}

#[test]
fn a_collection_uses_steps_in_proportion_to_the_heap() {
    let (result, n) = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            // Building the 100,000 lists uses about 100,000 steps (one per
            // backward jump); then each collection looks at 100,000 tracked
            // objects and costs over 1,562 steps, so the budget left ends
            // the loop at its first or second `gc.collect()` (without the
            // charge it would run about 2,000 of them).
            let source = "
import gc
keep = [[] for _ in range(100000)]
n = 0
while True:
    n += 1
    gc.collect()
";
            let data = py_fn_compiler::compile(source, "gc_budget.py").expect("compiles");
            set_force_vm(true);
            let code = Code::from_owned(Rc::new(data));
            let globals = Globals::new("__main__");
            vm::set_step_budget(Some(102_000));
            let result = vm::run_code(&code, &globals);
            vm::set_step_budget(None);
            let n = globals.get("n").map(|v| v.repr());
            (result.map(|_| ()).map_err(|e| e.to_string()), n)
        })
        .expect("spawn")
        .join()
        .expect("no panic");
    assert_eq!(
        result,
        Err("RuntimeError: the interpreter's step budget is exhausted".to_string())
    );
    assert!(matches!(n.as_deref(), Some("1" | "2")), "{n:?}");
}
