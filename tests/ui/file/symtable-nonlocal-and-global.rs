mod python {
    py_fn::py_fn!(file = "symtable-nonlocal-and-global.py");
}

fn main() {}
