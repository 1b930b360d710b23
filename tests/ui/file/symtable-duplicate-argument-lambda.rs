mod python {
    py_fn::py_fn!(file = "symtable-duplicate-argument-lambda.py");
}

fn main() {}
