mod python {
    py_fn::py_fn!(file = "nonlocal-without-binding.py");
}

fn main() {}
