mod python {
    py_fn::py_fn! {
        x = 1
            y = 2
    }
}

fn main() {}
