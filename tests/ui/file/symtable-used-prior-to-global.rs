mod python {
    py_fn::py_fn!(file = "symtable-used-prior-to-global.py");
}

fn main() {}
