mod python {
    py_fn::py_fn! {
        def f(x):
                y = x
            return y
    }
}

fn main() {}
