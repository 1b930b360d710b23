mod python {
    py_fn::py_fn!(file = "unsupported-async-def.py");
}

fn main() {}
