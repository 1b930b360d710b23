mod python {
    py_fn::py_fn!(file = "codegen-yield-outside-function.py");
}

fn main() {}
