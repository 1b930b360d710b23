mod python {
    py_fn::py_fn! {
        def f():
            x = 1
            global x
    }
}

fn main() {}
