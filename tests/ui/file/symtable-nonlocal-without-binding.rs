mod python {
    py_fn::py_fn!(file = "symtable-nonlocal-without-binding.py");
}

fn main() {}
