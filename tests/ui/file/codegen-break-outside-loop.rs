mod python {
    py_fn::py_fn!(file = "codegen-break-outside-loop.py");
}

fn main() {}
