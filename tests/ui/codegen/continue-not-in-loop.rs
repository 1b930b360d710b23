mod python {
    py_fn::py_fn! {
        def f():
            continue
    }
}

fn main() {}
