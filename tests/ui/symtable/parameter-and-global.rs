mod python {
    py_fn::py_fn! {
        def f(a):
            global a
    }
}

fn main() {}
