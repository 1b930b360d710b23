mod python {
    py_fn::py_fn! {
        def f(a, b, a):
            return a
    }
}

fn main() {}
