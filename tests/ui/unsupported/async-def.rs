mod python {
    py_fn::py_fn! {
        async def f():
            return 1
    }
}

fn main() {}
