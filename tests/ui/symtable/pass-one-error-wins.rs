mod python {
    py_fn::py_fn! {
        def f():
            nonlocal x

        def g(a):
            global a
    }
}

fn main() {}
