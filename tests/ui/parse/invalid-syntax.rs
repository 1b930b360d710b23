mod python {
    py_fn::py_fn! {
        def f(x):
            return x +
    }
}

fn main() {}
