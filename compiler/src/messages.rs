//! CPython 3.11's compile-error texts, one constructor per message (the
//! `#define`s at the top of `Python/symtable.c` and the literals of
//! `Python/compile.c`). Every text is checked against python3 in
//! `compiler/tests/symtable_messages.rs`.

/// `global x` after `x` is a parameter (`GLOBAL_PARAM`).
pub fn global_param(name: &str) -> String {
    format!("name '{name}' is parameter and global")
}

/// `nonlocal x` after `x` is a parameter (`NONLOCAL_PARAM`).
pub fn nonlocal_param(name: &str) -> String {
    format!("name '{name}' is parameter and nonlocal")
}

/// `global x` after a use of `x` (`GLOBAL_AFTER_USE`).
pub fn global_after_use(name: &str) -> String {
    format!("name '{name}' is used prior to global declaration")
}

/// `nonlocal x` after a use of `x` (`NONLOCAL_AFTER_USE`).
pub fn nonlocal_after_use(name: &str) -> String {
    format!("name '{name}' is used prior to nonlocal declaration")
}

/// `global x` together with an annotation of `x` (`GLOBAL_ANNOT`).
pub fn global_annot(name: &str) -> String {
    format!("annotated name '{name}' can't be global")
}

/// `nonlocal x` together with an annotation of `x` (`NONLOCAL_ANNOT`).
pub fn nonlocal_annot(name: &str) -> String {
    format!("annotated name '{name}' can't be nonlocal")
}

/// `global x` after an assignment to `x` (`GLOBAL_AFTER_ASSIGN`).
pub fn global_after_assign(name: &str) -> String {
    format!("name '{name}' is assigned to before global declaration")
}

/// `nonlocal x` after an assignment to `x` (`NONLOCAL_AFTER_ASSIGN`).
pub fn nonlocal_after_assign(name: &str) -> String {
    format!("name '{name}' is assigned to before nonlocal declaration")
}

/// Both `global x` and `nonlocal x` in one block.
pub fn nonlocal_and_global(name: &str) -> String {
    format!("name '{name}' is nonlocal and global")
}

/// `nonlocal` in module code.
pub fn nonlocal_at_module_level() -> String {
    "nonlocal declaration not allowed at module level".to_string()
}

/// `nonlocal x` with no enclosing function binding `x`.
pub fn no_binding_for_nonlocal(name: &str) -> String {
    format!("no binding for nonlocal '{name}' found")
}

/// Two parameters with one name (`DUPLICATE_ARGUMENT`).
pub fn duplicate_argument(name: &str) -> String {
    format!("duplicate argument '{name}' in function definition")
}

/// `from m import *` outside module code (`IMPORT_STAR_WARNING`).
pub fn import_star_not_at_module_level() -> String {
    "import * only allowed at module level".to_string()
}

/// A walrus in a comprehension directly inside a class body
/// (`NAMED_EXPR_COMP_IN_CLASS`).
pub fn named_expr_comp_in_class() -> String {
    "assignment expression within a comprehension cannot be used in a class body".to_string()
}

/// A walrus rebinding a comprehension's iteration variable
/// (`NAMED_EXPR_COMP_CONFLICT`).
pub fn named_expr_comp_conflict(name: &str) -> String {
    format!("assignment expression cannot rebind comprehension iteration variable '{name}'")
}

/// A later `for` target rebinding a walrus target
/// (`NAMED_EXPR_COMP_INNER_LOOP_CONFLICT`).
pub fn named_expr_comp_inner_loop_conflict(name: &str) -> String {
    format!("comprehension inner loop cannot rebind assignment expression target '{name}'")
}

/// A walrus inside a comprehension's iterable (`NAMED_EXPR_COMP_ITER_EXPR`).
pub fn named_expr_comp_iter_expr() -> String {
    "assignment expression cannot be used in a comprehension iterable expression".to_string()
}

/// `what` (`"named expression"`, `"yield expression"`, `"await expression"`)
/// inside an annotation under `from __future__ import annotations`
/// (`ANNOTATION_NOT_ALLOWED`).
pub fn annotation_not_allowed(what: &str) -> String {
    format!("'{what}' can not be used within an annotation")
}

/// `yield` inside a comprehension; `kind` is the block name
/// (`listcomp`, `setcomp`, `dictcomp`, anything else reads as a generator
/// expression).
pub fn yield_inside_comprehension(kind: &str) -> String {
    let what = match kind {
        "listcomp" => "list comprehension",
        "setcomp" => "set comprehension",
        "dictcomp" => "dict comprehension",
        _ => "generator expression",
    };
    format!("'yield' inside {what}")
}

/// Codegen: `return` outside a function.
pub fn return_outside_function() -> String {
    "'return' outside function".to_string()
}

/// Codegen: `break` outside a loop.
pub fn break_outside_loop() -> String {
    "'break' outside loop".to_string()
}

/// Codegen: `continue` outside a loop.
pub fn continue_not_in_loop() -> String {
    "'continue' not properly in loop".to_string()
}

/// Codegen: `yield` / `yield from` outside a function.
pub fn yield_outside_function() -> String {
    "'yield' outside function".to_string()
}

/// Codegen: `await` outside a function.
pub fn await_outside_function() -> String {
    "'await' outside function".to_string()
}

/// Parser: a decimal int literal of `digits` digits, over CPython's limit
/// of `limit` (`_PyPegen_number_token` adds the hint to `int()`'s
/// `ValueError` text).
pub fn int_literal_too_long(limit: usize, digits: usize) -> String {
    format!(
        "Exceeds the limit ({limit} digits) for integer string conversion: value has {digits} digits; \
         use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge \
         integer literals to avoid decimal conversion limits."
    )
}

/// Whether `msg` is [`int_literal_too_long`]'s text.
pub fn is_int_literal_too_long(msg: &str) -> bool {
    msg.starts_with("Exceeds the limit (") && msg.ends_with("to avoid decimal conversion limits.")
}
