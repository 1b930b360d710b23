//! Global lookups (`LOAD_GLOBAL`): globals first, then builtins, with the
//! lookup cache always agreeing with the dict.

use py_fn_runtime::{delete_global, load_global, setitem, store_global, Globals, Value};

fn show(g: &Globals, name: &str) -> String {
    match load_global(g, name) {
        Ok(v) => v.repr(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn globals_shadow_builtins_and_the_cache_follows_every_change() {
    let g = Globals::new("__main__");
    assert_eq!(show(&g, "__name__"), "'__main__'");
    assert_eq!(show(&g, "len"), "<built-in function len>");
    // python3: len = 5; print(len); del len; print(len)
    store_global(&g, "len", Value::Int(5));
    assert_eq!(show(&g, "len"), "5");
    store_global(&g, "len", Value::Int(6));
    assert_eq!(show(&g, "len"), "6");
    delete_global(&g, "len").expect("bound");
    assert_eq!(show(&g, "len"), "<built-in function len>");
    assert_eq!(show(&g, "x"), "NameError: name 'x' is not defined");
    // Many globals force the dict to grow and move its entries.
    for i in 0..200 {
        store_global(&g, &format!("v{i}"), Value::Int(i));
        assert_eq!(show(&g, "len"), "<built-in function len>");
    }
    for i in (0..200).step_by(7) {
        let name = format!("v{i}");
        assert_eq!(show(&g, &name), i.to_string());
        delete_global(&g, &name).expect("bound");
        assert_eq!(
            show(&g, &name),
            format!("NameError: name '{name}' is not defined")
        );
    }
    // Writes through `f.__globals__` are seen too.
    let as_dict = g.to_value();
    setitem(&as_dict, &Value::str("x"), Value::str("through the dict")).expect("set");
    assert_eq!(show(&g, "x"), "'through the dict'");
    // The same text at another address, and other text at a reused one.
    for text in ["x", "len", "v1", "v3"] {
        let owned = String::from(text);
        let expected = show(&g, text);
        assert_eq!(show(&g, &owned), expected);
    }
}
