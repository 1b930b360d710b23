mod python {
    py_fn::py_fn!(file = "unsupported-class-definition.py");
}

fn main() {}
