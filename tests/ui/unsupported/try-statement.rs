mod python {
    py_fn::py_fn! {
        def f(g):
            try:
                return g()
            finally:
                pass
    }
}

fn main() {}
