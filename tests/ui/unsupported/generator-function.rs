mod python {
    py_fn::py_fn! {
        def f(n):
            yield n
    }
}

fn main() {}
