mod python {
    py_fn::py_fn!(file = "codegen-return-outside-function.py");
}

fn main() {}
