mod python {
    py_fn::py_fn! {
        x = 1
        y = yield x
    }
}

fn main() {}
