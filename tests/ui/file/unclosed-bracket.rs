mod python {
    py_fn::py_fn!(file = "unclosed-bracket.py");
}

fn main() {}
