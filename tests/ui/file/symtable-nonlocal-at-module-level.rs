mod python {
    py_fn::py_fn!(file = "symtable-nonlocal-at-module-level.py");
}

fn main() {}
