mod python {
    py_fn::py_fn!(file = "unsupported-with.py");
}

fn main() {}
