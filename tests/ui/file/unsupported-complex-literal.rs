mod python {
    py_fn::py_fn!(file = "unsupported-complex-literal.py");
}

fn main() {}
