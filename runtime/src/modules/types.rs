//! `types`: `FunctionType` and `CodeType` (and the other type objects of
//! the values py_fn has).

use crate::module::Module;
use crate::value::Value;

fn type_value(name: &str) -> Value {
    match crate::builtins_class::type_object(name) {
        Some(b) => Value::Builtin(b),
        None => Value::None,
    }
}

/// The `types` module.
pub(crate) fn make() -> Module {
    Module::new(
        "types",
        vec![
            (
                "SimpleNamespace",
                Value::Class(crate::class::namespace_class()),
            ),
            ("FunctionType", type_value("function")),
            ("LambdaType", type_value("function")),
            ("CodeType", type_value("code")),
            ("CellType", type_value("cell")),
            ("MethodType", type_value("method")),
            (
                "BuiltinFunctionType",
                type_value("builtin_function_or_method"),
            ),
            (
                "BuiltinMethodType",
                type_value("builtin_function_or_method"),
            ),
            ("ModuleType", type_value("module")),
            ("GeneratorType", type_value("generator")),
            ("NoneType", type_value("NoneType")),
            ("NotImplementedType", type_value("NotImplementedType")),
            ("EllipsisType", type_value("ellipsis")),
        ],
    )
}
