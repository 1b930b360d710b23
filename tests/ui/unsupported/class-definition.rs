mod python {
    py_fn::py_fn! {
        class C:
            pass
    }
}

fn main() {}
