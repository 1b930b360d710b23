mod python {
    py_fn::py_fn!(file = "symtable-import-star-in-function.py");
}

fn main() {}
