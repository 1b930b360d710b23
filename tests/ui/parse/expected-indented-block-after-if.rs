mod python {
    py_fn::py_fn! {
        def f(x):
            if x:
            return 1
    }
}

fn main() {}
