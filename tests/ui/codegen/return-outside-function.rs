mod python {
    py_fn::py_fn! {
        x = 1
        return x
    }
}

fn main() {}
