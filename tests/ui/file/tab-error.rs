mod python {
    py_fn::py_fn!(file = "tab-error.py");
}

fn main() {}
