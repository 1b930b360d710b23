mod python {
    py_fn::py_fn!(file = "parse-unexpected-indent.py");
}

fn main() {}
