mod python {
    py_fn::py_fn!(file = "codegen-default-except-not-last.py");
}

fn main() {}
