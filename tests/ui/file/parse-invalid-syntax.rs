mod python {
    py_fn::py_fn!(file = "parse-invalid-syntax.py");
}

fn main() {}
