mod python {
    py_fn::py_fn!(file = "duplicate-argument.py");
}

fn main() {}
