//! What the constructors of CPython's builtin exception classes do beyond
//! `BaseException`'s: the attributes particular to a class (`OSError`'s
//! `errno`, `SystemExit`'s `code`, `ImportError`'s `name`, ...), their
//! arguments and keyword arguments, and the `str()` they give.
//!
//! The attributes live in the exception's [`ExcState::members`], as
//! CPython keeps them in the object's own fields: they are not in its
//! `__dict__`, and assigning `args` later does not change them.
//!
//! ```
//! use py_fn_runtime::{builtin, call, getattr, Value};
//! let os_error = builtin("OSError").unwrap();
//! let e = call(&os_error, &[Value::Int(2), Value::str("No such file"), Value::str("x.txt")]).unwrap();
//! assert_eq!(e.repr(), "FileNotFoundError(2, 'No such file')");
//! assert_eq!(e.to_string(), "[Errno 2] No such file: 'x.txt'");
//! assert_eq!(getattr(&e, "filename").unwrap().repr(), "'x.txt'");
//! ```
//!
//! [`ExcState::members`]: crate::instance::ExcState::members

use crate::error::{ExcType, PyErr, PyResult};
use crate::instance::Instance;
use crate::value::Value;

/// The exception layout of class `t` (CPython's solid base): the nearest
/// class with fields of its own, or `BaseException`.
pub(crate) fn solid_base(t: ExcType) -> ExcType {
    family(t)
}

/// The layout of an exception object: the most derived solid base of the
/// builtin classes in its class's MRO (`class E(LookupError, OSError)`
/// makes `OSError` objects, as CPython's `best_base` decides).
fn layout(inst: &Instance) -> Option<ExcType> {
    let mut best: Option<ExcType> = None;
    for c in inst.class().mro() {
        if let Some(crate::class::BuiltinClass::Exc(t)) = c.builtin() {
            let s = family(t);
            best = match best {
                Some(b) if !s.is_subclass_of(b) => Some(b),
                _ => Some(s),
            };
        }
    }
    best
}

/// The builtin class whose constructor an exception of class `t` runs:
/// the nearest class with attributes of its own.
fn family(t: ExcType) -> ExcType {
    let mut k = Some(t);
    while let Some(c) = k {
        if !members_of(c).is_empty() {
            return c;
        }
        k = c.base();
    }
    ExcType::BaseException
}

/// The attributes a builtin class defines (not its bases').
fn members_of(t: ExcType) -> &'static [&'static str] {
    use ExcType::*;
    match t {
        SystemExit => &["code"],
        StopIteration => &["value"],
        ImportError => &["msg", "name", "path"],
        AttributeError => &["name", "obj"],
        NameError => &["name"],
        OSError => &[
            "errno",
            "strerror",
            "filename",
            "filename2",
            "characters_written",
        ],
        SyntaxError => &[
            "msg",
            "filename",
            "lineno",
            "offset",
            "text",
            "end_lineno",
            "end_offset",
            "print_file_and_line",
        ],
        UnicodeDecodeError | UnicodeEncodeError | UnicodeTranslateError => {
            &["encoding", "object", "start", "end", "reason"]
        }
        _ => &[],
    }
}

/// The attribute `name` if the exception's class has it (`Some`): its
/// value, `None` when unset, and for an unset `characters_written`
/// CPython's `AttributeError: characters_written`.
pub(crate) fn member(inst: &Instance, name: &str) -> Option<PyResult<Value>> {
    let state = inst.exc()?;
    let t = layout(inst)?;
    if !members_of(t).contains(&name) {
        return None;
    }
    let found = state
        .members
        .borrow()
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.clone());
    Some(match found {
        Some(v) => Ok(v),
        None if name == "characters_written" => {
            Err(PyErr::new(ExcType::AttributeError, "characters_written"))
        }
        None => Ok(Value::None),
    })
}

/// `exc.name = value` for an attribute of the exception's class: `false`
/// when `name` is not one of them.
pub(crate) fn set_member(inst: &Instance, name: &str, value: Value) -> PyResult<bool> {
    let (Some(state), Some(t)) = (inst.exc(), layout(inst)) else {
        return Ok(false);
    };
    let Some(&key) = members_of(family(t)).iter().find(|k| **k == name) else {
        return Ok(false);
    };
    if key == "characters_written" {
        crate::methods::as_index(&value)?;
    }
    let old = {
        let mut members = state.members.borrow_mut();
        match members.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => Some(std::mem::replace(&mut slot.1, value)),
            None => {
                members.push((key, value));
                None
            }
        }
    };
    drop(old);
    Ok(true)
}

/// What a class's `__init__` makes of its arguments: the `args` it keeps
/// and the attributes it sets.
struct Parsed {
    args: Option<Vec<Value>>,
    members: Vec<(&'static str, Value)>,
}

/// The attributes an exception made by the runtime (not by a call of its
/// class) gets from `args`, as its class's constructor would set them.
pub(crate) fn initial_members(t: Option<ExcType>, args: &[Value]) -> Vec<(&'static str, Value)> {
    let Some(t) = t else {
        return Vec::new();
    };
    if members_of(family(t)).is_empty() {
        return Vec::new();
    }
    parse(t, t, args, &[])
        .map(|p| p.members)
        .unwrap_or_default()
}

/// `BaseException.__init__(self, *args, **kwargs)` as the exception's
/// class runs it: checks the arguments, sets `args` and the class's
/// attributes.
pub(crate) fn init(inst: &Instance, args: &[Value], kw: &[(&str, &Value)]) -> PyResult<()> {
    let Some(state) = inst.exc() else {
        return Ok(());
    };
    // The constructor is the first builtin class's in the MRO (its
    // attributes, though, are those of the object's layout).
    let Some(t) = inst.exc_type() else {
        return Ok(());
    };
    let exact = if inst.class().builtin().is_some() {
        t
    } else {
        // A user class: nothing in CPython tests its exact type but
        // BlockingIOError's characters_written.
        ExcType::BaseException
    };
    if !kw.is_empty() && !takes_keywords(family(t)) {
        return Err(PyErr::type_error(format!(
            "{}() takes no keyword arguments",
            inst.class().name()
        )));
    }
    let parsed = parse(t, exact, args, kw)?;
    let new_args = crate::ops::tuple(parsed.args.unwrap_or_else(|| args.to_vec()));
    let old_args = state.args.replace(new_args);
    let old_members = state.members.replace(parsed.members);
    drop((old_args, old_members));
    Ok(())
}

/// Whether the class's constructor takes keyword arguments.
fn takes_keywords(family: ExcType) -> bool {
    matches!(
        family,
        ExcType::ImportError | ExcType::AttributeError | ExcType::NameError
    )
}

/// The class `OSError(*args)` makes: the subclass for the errno of
/// `OSError(errno, strerror, ...)` (`OSError(2, 'x')` is a
/// `FileNotFoundError`), else `OSError`.
pub(crate) fn os_error_subclass(args: &[Value]) -> ExcType {
    if (2..=5).contains(&args.len()) {
        if let Some(crate::int::IntRef::Small(n)) = args.first().and_then(crate::int::as_int) {
            if let Some(t) = ExcType::for_errno(n) {
                return t;
            }
        }
    }
    ExcType::OSError
}

fn parse(t: ExcType, exact: ExcType, args: &[Value], kw: &[(&str, &Value)]) -> PyResult<Parsed> {
    let mut members: Vec<(&'static str, Value)> = Vec::new();
    let mut kept = None;
    let first = || args.first().cloned().unwrap_or(Value::None);
    match family(t) {
        ExcType::SystemExit => members.push((
            "code",
            match args {
                [] => Value::None,
                [one] => one.clone(),
                many => crate::ops::tuple(many.to_vec()),
            },
        )),
        ExcType::StopIteration => members.push(("value", first())),
        ExcType::ImportError => {
            for (k, v) in kw {
                match *k {
                    "name" | "path" => {}
                    other => {
                        return Err(PyErr::type_error(format!(
                            "'{other}' is an invalid keyword argument for ImportError()"
                        )))
                    }
                }
                let key = if *k == "name" { "name" } else { "path" };
                members.push((key, (*v).clone()));
            }
            if let [msg] = args {
                members.push(("msg", msg.clone()));
            }
        }
        fam @ (ExcType::AttributeError | ExcType::NameError) => {
            for (k, v) in kw {
                let key = match (*k, fam) {
                    ("name", _) => "name",
                    ("obj", ExcType::AttributeError) => "obj",
                    (other, _) => {
                        return Err(PyErr::type_error(format!(
                            "'{other}' is an invalid keyword argument for {}()",
                            fam.name()
                        )))
                    }
                };
                members.push((key, (*v).clone()));
            }
        }
        ExcType::OSError if (2..=5).contains(&args.len()) => {
            let filename = args.get(2).filter(|v| !matches!(v, Value::None));
            if let Some(filename) = filename {
                let number = matches!(
                    filename,
                    Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_)
                );
                if exact == ExcType::BlockingIOError && number {
                    let n = crate::methods::as_index(filename)?;
                    members.push(("characters_written", Value::Int(n)));
                } else {
                    members.push(("filename", filename.clone()));
                    if let Some(f2) = args.get(4).filter(|v| !matches!(v, Value::None)) {
                        members.push(("filename2", f2.clone()));
                    }
                    kept = Some(args.get(..2).unwrap_or(args).to_vec());
                }
            }
            members.push(("errno", first()));
            members.push(("strerror", args.get(1).cloned().unwrap_or(Value::None)));
        }
        ExcType::SyntaxError => {
            if let Some(msg) = args.first() {
                members.push(("msg", msg.clone()));
            }
            if let [_, info] = args {
                let info = crate::iter::collect(info)?;
                if info.len() < 4 {
                    return Err(PyErr::type_error(format!(
                        "function takes at least 4 arguments ({} given)",
                        info.len()
                    )));
                }
                if info.len() > 6 {
                    return Err(PyErr::type_error(format!(
                        "function takes at most 6 arguments ({} given)",
                        info.len()
                    )));
                }
                let names = [
                    "filename",
                    "lineno",
                    "offset",
                    "text",
                    "end_lineno",
                    "end_offset",
                ];
                for (name, v) in names.iter().zip(info) {
                    members.push((name, v));
                }
            }
        }
        fam @ (ExcType::UnicodeDecodeError
        | ExcType::UnicodeEncodeError
        | ExcType::UnicodeTranslateError) => {
            members = unicode_error_args(fam, args)?;
        }
        _ => {}
    }
    Ok(Parsed {
        args: kept,
        members,
    })
}

/// `PyArg_ParseTuple(args, "UUnnU")` and its kin for the three Unicode
/// errors, with their texts.
fn unicode_error_args(t: ExcType, args: &[Value]) -> PyResult<Vec<(&'static str, Value)>> {
    let translate = t == ExcType::UnicodeTranslateError;
    let want = if translate { 4 } else { 5 };
    if args.len() != want {
        return Err(PyErr::type_error(format!(
            "function takes exactly {want} arguments ({} given)",
            args.len()
        )));
    }
    let must_str = |i: usize, v: &Value| -> PyResult<Value> {
        match v {
            Value::Str(_) => Ok(v.clone()),
            other => Err(PyErr::type_error(format!(
                "argument {} must be str, not {}",
                i + 1,
                other.type_name()
            ))),
        }
    };
    let ssize = |v: &Value| -> PyResult<Value> {
        match crate::int::as_int(v) {
            Some(crate::int::IntRef::Small(i)) => Ok(Value::Int(i)),
            Some(crate::int::IntRef::Big(_)) => Err(PyErr::overflow_error(
                "Python int too large to convert to C ssize_t",
            )),
            None => crate::methods::as_index(v).map(Value::Int),
        }
    };
    let mut out = Vec::with_capacity(5);
    let (encoding, rest) = if translate {
        (Value::None, args)
    } else {
        (
            must_str(0, args.first().unwrap_or(&Value::None))?,
            args.get(1..).unwrap_or(&[]),
        )
    };
    let offset = usize::from(!translate);
    let [object, start, end, reason] = rest else {
        return Ok(out);
    };
    let object = if t == ExcType::UnicodeDecodeError {
        object.clone()
    } else {
        must_str(offset, object)?
    };
    let start = ssize(start)?;
    let end = ssize(end)?;
    let reason = must_str(offset + 3, reason)?;
    if t == ExcType::UnicodeDecodeError && !matches!(object, Value::Bytes(_)) {
        return Err(PyErr::type_error(format!(
            "a bytes-like object is required, not '{}'",
            object.type_name()
        )));
    }
    out.push(("encoding", encoding));
    out.push(("object", object));
    out.push(("start", start));
    out.push(("end", end));
    out.push(("reason", reason));
    Ok(out)
}

/// `str(exc)` for the classes whose `__str__` is their own (`None`: use
/// `BaseException.__str__`).
pub(crate) fn special_str(inst: &Instance) -> Option<PyResult<String>> {
    let t = family(inst.exc_type()?);
    let get = |name: &str| -> Option<Value> {
        inst.exc()?
            .members
            .borrow()
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    };
    let text = |v: Option<Value>| crate::repr::checked_str(&v.unwrap_or(Value::None));
    (|| -> PyResult<Option<String>> {
        Ok(match t {
            ExcType::OSError => {
                let (errno, strerror) = (get("errno"), get("strerror"));
                if let Some(filename) = get("filename") {
                    let mut s = format!(
                        "[Errno {}] {}: {}",
                        text(errno)?,
                        text(strerror)?,
                        crate::repr::checked_repr(&filename)?
                    );
                    if let Some(f2) = get("filename2") {
                        s.push_str(" -> ");
                        s.push_str(&crate::repr::checked_repr(&f2)?);
                    }
                    Some(s)
                } else if errno.is_some() && strerror.is_some() {
                    Some(format!("[Errno {}] {}", text(errno)?, text(strerror)?))
                } else {
                    None
                }
            }
            ExcType::ImportError => match get("msg") {
                Some(Value::Str(m)) => Some(m.as_ref().clone()),
                _ => None,
            },
            ExcType::SyntaxError => Some(syntax_error_str(
                get("msg"),
                get("filename"),
                get("lineno"),
            )?),
            ExcType::UnicodeDecodeError
            | ExcType::UnicodeEncodeError
            | ExcType::UnicodeTranslateError => unicode_error_str(t, &get)?,
            _ => None,
        })
    })()
    .transpose()
}

/// `SyntaxError.__str__`: `msg (file.py, line 3)`, with the file's base
/// name.
fn syntax_error_str(
    msg: Option<Value>,
    filename: Option<Value>,
    lineno: Option<Value>,
) -> PyResult<String> {
    let msg = crate::repr::checked_str(&msg.unwrap_or(Value::None))?;
    let file = match &filename {
        Some(Value::Str(f)) => Some(f.rsplit('/').next().unwrap_or(f).to_string()),
        _ => None,
    };
    let line = match &lineno {
        Some(Value::Int(n)) => Some(*n),
        Some(Value::BigInt(_)) => Some(-1),
        _ => None,
    };
    Ok(match (file, line) {
        (None, None) => msg,
        (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
        (Some(f), None) => format!("{msg} ({f})"),
        (None, Some(l)) => format!("{msg} (line {l})"),
    })
}

/// The `str()` of the three Unicode errors.
fn unicode_error_str(t: ExcType, get: &dyn Fn(&str) -> Option<Value>) -> PyResult<Option<String>> {
    let Some(object) = get("object") else {
        return Ok(Some(String::new()));
    };
    let reason = crate::repr::checked_str(&get("reason").unwrap_or(Value::None))?;
    let encoding = crate::repr::checked_str(&get("encoding").unwrap_or(Value::None))?;
    let int = |v: Option<Value>| match v {
        Some(Value::Int(i)) => i,
        _ => 0,
    };
    let (start, end) = (int(get("start")), int(get("end")));
    let one = start >= 0 && end == start.saturating_add(1);
    let range = format!("in position {start}-{}", end.saturating_sub(1));
    Ok(Some(match (t, &object) {
        (ExcType::UnicodeDecodeError, Value::Bytes(b)) => {
            match b.get(start.max(0) as usize).filter(|_| one) {
                Some(byte) => format!(
                    "'{encoding}' codec can't decode byte 0x{byte:02x} in position {start}: {reason}"
                ),
                None => format!("'{encoding}' codec can't decode bytes {range}: {reason}"),
            }
        }
        (_, Value::Str(s)) => {
            let c = s.chars().nth(start.max(0) as usize).filter(|_| one);
            let prefix = if t == ExcType::UnicodeTranslateError {
                "can't translate".to_string()
            } else {
                format!("'{encoding}' codec can't encode")
            };
            match c {
                Some(c) => format!(
                    "{prefix} character '{}' in position {start}: {reason}",
                    escape_char(c)
                ),
                None => format!("{prefix} characters {range}: {reason}"),
            }
        }
        _ => String::new(),
    }))
}

/// `\xe9`, `\u20ac`, `\U0001f600`: how the Unicode errors show a
/// character.
fn escape_char(c: char) -> String {
    let n = c as u32;
    if n <= 0xff {
        format!("\\x{n:02x}")
    } else if n <= 0xffff {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    }
}

/// A `UnicodeDecodeError` as a codec raises it: `args` are the encoding,
/// the bytes, the bad range and the reason.
pub(crate) fn decode_error(
    encoding: &str,
    data: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> PyErr {
    let args = vec![
        Value::str(encoding),
        Value::Bytes(std::rc::Rc::new(data.to_vec())),
        Value::Int(start as i64),
        Value::Int(end as i64),
        Value::str(reason),
    ];
    raise_builtin(ExcType::UnicodeDecodeError, args)
}

/// A `UnicodeEncodeError` as a codec raises it.
pub(crate) fn encode_error(
    encoding: &str,
    text: &str,
    start: usize,
    end: usize,
    reason: &str,
) -> PyErr {
    let args = vec![
        Value::str(encoding),
        Value::str(text),
        Value::Int(start as i64),
        Value::Int(end as i64),
        Value::str(reason),
    ];
    raise_builtin(ExcType::UnicodeEncodeError, args)
}

/// The exception of builtin class `t` made from `args` as `t(*args)`
/// makes it.
pub(crate) fn raise_builtin(t: ExcType, args: Vec<Value>) -> PyErr {
    let inst = Instance::new_exception(crate::class::exc_class(t), args.clone());
    match init(&inst, &args, &[]) {
        Ok(()) => PyErr::from_instance(inst),
        Err(e) => e,
    }
}

/// `cls(*args, **kwargs)` for an exception class without an `__init__` of
/// its own (or with one: then only `BaseException.__new__`, which keeps
/// the positional arguments as `args`).
pub(crate) fn new_exception(
    cls: &crate::value::Shared<crate::class::Class>,
    args: &[Value],
    kwnames: &[&str],
    custom_init: bool,
) -> PyResult<crate::value::Shared<Instance>> {
    let npos = args.len().saturating_sub(kwnames.len());
    let (pos, kwvals) = args.split_at(npos);
    if custom_init {
        return Ok(Instance::new_exception(cls.clone(), pos.to_vec()));
    }
    let mut class = cls.clone();
    if cls.builtin() == Some(crate::class::BuiltinClass::Exc(ExcType::OSError)) {
        let t = os_error_subclass(pos);
        if t != ExcType::OSError {
            class = crate::class::exc_class(t);
        }
    }
    let kw: Vec<(&str, &Value)> = kwnames.iter().copied().zip(kwvals).collect();
    let inst = Instance::new_exception(class, pos.to_vec());
    init(&inst, pos, &kw)?;
    Ok(inst)
}
