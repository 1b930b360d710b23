mod python {
    py_fn::py_fn!(file = "parse-expected-indented-block-after-def.py");
}

fn main() {}
