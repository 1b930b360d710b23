//! The workloads: their names, sizes, and the `py_fn!` compilation of
//! `workloads.py`, the file CPython and monty run too.

/// `workloads.py` compiled by `py_fn!`: one unit struct per `def`.
pub mod py {
    py_fn::py_fn!(file = "workloads.py");
}

/// The source of the workloads, for the interpreters that read Python.
pub const SOURCE: &str = include_str!("../workloads.py");

/// One workload: a function `name(n)` of `workloads.py`.
#[derive(Clone, Copy, Debug)]
pub struct Workload {
    /// `W1` ... `W9`.
    pub id: &'static str,
    /// The Python function that runs it (`w1`).
    pub name: &'static str,
    /// What one operation is.
    pub what: &'static str,
    /// The argument `n` of one timed run.
    pub n: i64,
    /// Operations in one timed run (the divisor of ns per op).
    pub ops: i64,
}

/// Every workload, in table order.
pub const WORKLOADS: [Workload; 9] = [
    Workload {
        id: "W1",
        name: "w1",
        what: "call `inner = outer(2, 3)`: `x * z + y`",
        n: 200_000,
        ops: 200_000,
    },
    Workload {
        id: "W2",
        name: "w2",
        what: "step a `nonlocal` counter",
        n: 200_000,
        ops: 200_000,
    },
    Workload {
        id: "W3",
        name: "w3",
        what: "create `lambda x, i=i: x + i`, call it once",
        n: 100_000,
        ops: 100_000,
    },
    Workload {
        id: "W4",
        name: "w4",
        what: "`fib(20)`, recursing through the enclosing scope",
        n: 5,
        ops: 5,
    },
    Workload {
        id: "W5",
        name: "w5",
        what: "append to an enclosing list from a nested function",
        n: 200_000,
        ops: 200_000,
    },
    Workload {
        id: "W6",
        name: "w6",
        what: "call with keyword arguments and defaults",
        n: 100_000,
        ops: 200_000,
    },
    Workload {
        id: "W7",
        name: "w7",
        what: "`factorial(100)` with big integers",
        n: 1_000,
        ops: 1_000,
    },
    Workload {
        id: "W8",
        name: "w8",
        what: "`[x * k for x in data if x % 3]` over 300 ints, `k` from the enclosing scope",
        n: 1_000,
        ops: 1_000,
    },
    Workload {
        id: "W9",
        name: "w9",
        what: "method call `acc.add(i)` updating an attribute",
        n: 200_000,
        ops: 200_000,
    },
];

/// Runs workload `name` compiled by `py_fn!`: `repr` of the result.
pub fn run_py_fn(name: &str, n: i64) -> Result<String, String> {
    let result = match name {
        "w1" => py::w1.call((n,)),
        "w2" => py::w2.call((n,)),
        "w3" => py::w3.call((n,)),
        "w4" => py::w4.call((n,)),
        "w5" => py::w5.call((n,)),
        "w6" => py::w6.call((n,)),
        "w7" => py::w7.call((n,)),
        "w8" => py::w8.call((n,)),
        "w9" => py::w9.call((n,)),
        other => return Err(format!("no workload {other}")),
    };
    result.map(|v| v.repr()).map_err(|e| e.to_string())
}
