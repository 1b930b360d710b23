mod python {
    py_fn::py_fn!(file = "symtable-assigned-before-nonlocal.py");
}

fn main() {}
