//! The teaching view of a live function: `pyfn explain` for one function
//! object, with what its closure cells hold right now.

use py_fn_compiler::explain::{render_text, Explanation};
use py_fn_runtime::Value;

/// Explains `function` as `pyfn explain` does — its cells, free variables,
/// the order of `__closure__`, and how each name is held in Rust — showing
/// the current contents of its closure cells (`cell(count: 2)`).
///
/// Only the function's own closure is live: the cells of functions nested
/// in it do not exist until they are created.
///
/// ```
/// mod counter {
///     py_fn::py_fn! {
///         def make_counter():
///             count = 0
///             def tick():
///                 nonlocal count
///                 count += 1
///                 return count
///             return tick
///     }
/// }
///
/// let tick = counter::make_counter.call(()).unwrap();
/// py_fn::call(&tick, &[]).unwrap();
/// py_fn::call(&tick, &[]).unwrap();
/// let text = py_fn::explain(&tick);
/// assert!(text.contains("cell(count: 2)"), "{text}");
/// assert!(text.contains("LOAD_DEREF"));
/// ```
pub fn explain(function: &Value) -> String {
    let Some(f) = function.as_function() else {
        return format!(
            "{} is a {} object, not a function: nothing to explain\n",
            function.repr(),
            function.type_name()
        );
    };
    let code = f.code();
    let qualname = code.data().qualname.to_string();
    let explanation = Explanation::from_code(code.data(), None);
    let cells = f.closure();
    let names = code.freevars_names();
    let live = |owner: &str, name: &str| -> Option<String> {
        if owner != qualname {
            return None;
        }
        let slot = names.iter().position(|n| n == name)?;
        let cell = cells.get(slot)?;
        let contents = cell.borrow().as_ref().map(Value::repr);
        Some(contents.unwrap_or_else(|| "<empty>".to_string()))
    };
    render_text(&explanation, Some(&live))
}
