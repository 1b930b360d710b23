mod python {
    py_fn::py_fn! {
        def f():
            print(x)
            global x
    }
}

fn main() {}
