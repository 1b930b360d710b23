mod python {
    py_fn::py_fn!(file = "symtable-duplicate-argument-def.py");
}

fn main() {}
