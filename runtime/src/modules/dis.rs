//! `dis`: `dis.dis(x)` prints what CPython 3.11's `dis.dis` prints for a
//! function, method, class or code object.

use crate::builtins::Builtin;
use crate::error::{PyErr, PyResult};
use crate::module::Module;
use crate::value::Value;

static DIS: Builtin = super::function("dis", dis);
static DISASSEMBLE: Builtin = super::function("disassemble", disassemble);

/// The code object behind `x` (a function, bound method or code object).
fn code_of(x: &Value) -> PyResult<Option<std::rc::Rc<crate::code::Code>>> {
    Ok(match x {
        Value::Code(c) => Some(c.clone()),
        Value::Function(_) => match crate::attr::getattr(x, "__code__")? {
            Value::Code(c) => Some(c),
            _ => None,
        },
        Value::Bound(b) => return code_of(&b.func),
        Value::Descriptor(d) => match d.func() {
            Some(f) => return code_of(f),
            None => None,
        },
        _ => None,
    })
}

fn dis(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    let Some(x) = args.first().filter(|_| args.len() == 1 && kw.is_empty()) else {
        return Err(PyErr::new(
            crate::error::ExcType::NotImplementedError,
            "dis.dis() takes one positional argument in py_fn",
        ));
    };
    if let Value::Class(c) = x {
        // `dis.dis(cls)`: each function-like attribute, sorted by name.
        let mut items = c.dict().borrow().items();
        items.sort_by_key(|a| a.0.to_str());
        let mut out = String::new();
        for (name, value) in items {
            if let Some(code) = code_of(&value)? {
                out.push_str(&format!("Disassembly of {}:\n", name.to_str()));
                out.push_str(&code.dis_recursive());
                out.push('\n');
            }
        }
        crate::print::write_stdout(&out);
        return Ok(Value::None);
    }
    match code_of(x)? {
        Some(code) => {
            crate::print::write_stdout(&code.dis_recursive());
            Ok(Value::None)
        }
        None => Err(PyErr::type_error(format!(
            "don't know how to disassemble {} objects",
            x.type_name()
        ))),
    }
}

fn disassemble(args: &[Value], kw: &[&str]) -> PyResult<Value> {
    match (args, kw.is_empty()) {
        ([x], true) => match code_of(x)? {
            Some(code) => {
                crate::print::write_stdout(&code.dis());
                Ok(Value::None)
            }
            None => Err(PyErr::type_error(format!(
                "don't know how to disassemble {} objects",
                x.type_name()
            ))),
        },
        _ => Err(PyErr::type_error("disassemble() takes one argument")),
    }
}

/// The `dis` module.
pub(crate) fn make() -> Module {
    let opname: Vec<Value> = (0..=255u8)
        .map(|i| match py_fn_bytecode::Opcode::from_u8(i) {
            Some(op) => Value::str(op.name()),
            None => Value::str(format!("<{i}>")),
        })
        .collect();
    let mut opmap = crate::dict::Dict::new();
    for i in 0..=255u8 {
        if let Some(op) = py_fn_bytecode::Opcode::from_u8(i) {
            opmap.set_str(op.name(), Value::Int(i as i64));
        }
    }
    Module::new(
        "dis",
        vec![
            ("dis", Value::Builtin(&DIS)),
            ("disassemble", Value::Builtin(&DISASSEMBLE)),
            ("opname", crate::ops::list(opname)),
            (
                "opmap",
                Value::Dict(std::rc::Rc::new(std::cell::RefCell::new(opmap))),
            ),
        ],
    )
}
