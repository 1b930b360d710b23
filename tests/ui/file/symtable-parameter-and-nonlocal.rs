mod python {
    py_fn::py_fn!(file = "symtable-parameter-and-nonlocal.py");
}

fn main() {}
