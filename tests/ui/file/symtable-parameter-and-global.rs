mod python {
    py_fn::py_fn!(file = "symtable-parameter-and-global.py");
}

fn main() {}
