mod python {
    py_fn::py_fn! {
        def f():
            pass
        nonlocal y
    }
}

fn main() {}
