mod python {
    py_fn::py_fn!(file = "parse-unindent-mismatch.py");
}

fn main() {}
