mod python {
    py_fn::py_fn!(file = "symtable-pass-one-error-wins.py");
}

fn main() {}
