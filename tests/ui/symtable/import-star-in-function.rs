mod python {
    py_fn::py_fn! {
        def f():
            from dis import *
    }
}

fn main() {}
