mod python {
    py_fn::py_fn!(file = "unsupported-yield.py");
}

fn main() {}
