mod python {
    py_fn::py_fn! {
        def f(g):
            try:
                g()
            except:
                pass
            except ValueError:
                pass
    }
}

fn main() {}
