mod python {
    py_fn::py_fn!(file = "codegen-continue-not-in-loop.py");
}

fn main() {}
