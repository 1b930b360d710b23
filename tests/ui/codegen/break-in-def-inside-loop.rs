mod python {
    py_fn::py_fn! {
        for i in range(3):
            def f():
                break
    }
}

fn main() {}
