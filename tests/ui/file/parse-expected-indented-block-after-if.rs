mod python {
    py_fn::py_fn!(file = "parse-expected-indented-block-after-if.py");
}

fn main() {}
