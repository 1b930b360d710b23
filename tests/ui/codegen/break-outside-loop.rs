mod python {
    py_fn::py_fn! {
        def f():
            break
    }
}

fn main() {}
