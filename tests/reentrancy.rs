//! Python code that runs inside a container operation — a key's `__hash__`
//! or `__eq__` reading or changing the very dict being looked up — gets
//! CPython's results, natively and on the interpreter, and never a Rust
//! panic (a `RefCell` borrowed twice). Expected lines: python3 running the
//! same module.

mod reentrant {
    py_fn::py_fn! {
        d = {}

        class K:
            def __init__(self, v):
                self.v = v
            def __hash__(self):
                return len(d)
            def __eq__(self, other):
                d["probe"] = 1
                return isinstance(other, K) and self.v == other.v

        d[K(1)] = "a"
        print(len(d))
        d[K(2)] = "b"
        print(len(d), K(1) in d)
        print(len({K(3)}))
        s = set()

        class H:
            def __hash__(self):
                return len(s)
            def __eq__(self, other):
                s.discard(99)
                return True

        s.add(H())
        s.add(H())
        print(len(s), H() in s)
    }
}

#[test]
fn hash_and_eq_that_touch_the_container_run_as_in_cpython() {
    for force in [false, true] {
        let handle = std::thread::spawn(move || {
            py_fn::set_force_vm(force);
            let (out, result) = py_fn::capture_stdout(reentrant::__main__);
            (out, result.map_err(|e| e.to_string()))
        });
        let (out, result) = handle.join().expect("no panic");
        result.unwrap();
        assert_eq!(out, "1\n2 False\n1\n2 False\n", "force_vm = {force}");
    }
}
