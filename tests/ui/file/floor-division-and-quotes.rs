mod python {
    py_fn::py_fn!(file = "floor-division-and-quotes.py");
}

fn main() {}
