mod python {
    py_fn::py_fn! {
        def f(x):
            return g(x, [1, 2)
    }
}

fn main() {}
