mod python {
    py_fn::py_fn! {
        def f():
            nonlocal x
    }
}

fn main() {}
