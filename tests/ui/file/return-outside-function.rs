mod python {
    py_fn::py_fn!(file = "return-outside-function.py");
}

fn main() {}
