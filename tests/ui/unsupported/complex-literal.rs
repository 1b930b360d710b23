mod python {
    py_fn::py_fn! {
        def f(x):
            return x * 2j
    }
}

fn main() {}
