mod python {
    py_fn::py_fn! {
        f = lambda a, a: a
    }
}

fn main() {}
