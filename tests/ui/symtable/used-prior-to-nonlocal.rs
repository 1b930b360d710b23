mod python {
    py_fn::py_fn! {
        def outer():
            x = 1
            def f():
                print(x)
                nonlocal x
            return f
    }
}

fn main() {}
