mod python {
    py_fn::py_fn!(file = "codegen-break-in-def-inside-loop.py");
}

fn main() {}
