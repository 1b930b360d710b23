mod python {
    py_fn::py_fn! {
        def f():
        return 1
    }
}

fn main() {}
