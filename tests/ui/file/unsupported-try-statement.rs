mod python {
    py_fn::py_fn!(file = "unsupported-try-statement.py");
}

fn main() {}
