mod python {
    py_fn::py_fn!(file = "symtable-assigned-before-global.py");
}

fn main() {}
