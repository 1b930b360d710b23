mod python {
    py_fn::py_fn!(file = "unsupported-generator-function.py");
}

fn main() {}
