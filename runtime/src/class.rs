//! Classes: the objects `class` statements make, `object`, and the builtin
//! exception classes; their method resolution order, attribute lookup and
//! `__build_class__`.
//!
//! A class is a [`Class`] behind [`Value::Class`]. Its namespace is a
//! [`Dict`] (`__dict__`); its `__mro__` is computed once, with CPython's C3
//! linearisation and error text. Builtin classes (`object`,
//! `BaseException`, `ValueError`, ...) are made once per thread, on first
//! use, so `ValueError is ValueError` holds and `except ValueError` matches
//! what the runtime raises.
//!
//! ```
//! use py_fn_runtime::{exc_class, object_class, ExcType, Value};
//! let key_error = exc_class(ExcType::KeyError);
//! assert_eq!(key_error.name(), "KeyError");
//! let mro: Vec<String> = key_error.mro().iter().map(|c| c.name()).collect();
//! assert_eq!(mro, ["KeyError", "LookupError", "Exception", "BaseException", "object"]);
//! assert!(key_error.is_subclass(&object_class()));
//! assert_eq!(Value::Class(key_error).repr(), "<class 'KeyError'>");
//! ```

use std::cell::RefCell;
use std::rc::Rc;

use crate::attr_cache::AttrCache;
use crate::dict::Dict;
use crate::error::{PyErr, PyResult};
use crate::exc_type::ExcType;
use crate::value::{Shared, Value};

/// Which builtin class a [`Class`] is, if it is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltinClass {
    /// `object`.
    Object,
    /// A builtin exception class.
    Exc(ExcType),
    /// `types.SimpleNamespace`.
    Namespace,
}

/// A Python class.
pub struct Class {
    name: RefCell<String>,
    qualname: RefCell<String>,
    bases: Vec<Shared<Class>>,
    /// `__mro__` after the class itself.
    mro: Vec<Shared<Class>>,
    dict: Shared<RefCell<Dict>>,
    builtin: Option<BuiltinClass>,
    /// The nearest builtin exception class in the MRO.
    exc: Option<ExcType>,
    /// Where the MRO has the names looked up on the class.
    attr_cache: RefCell<AttrCache>,
}

thread_local! {
    /// `object`, then one slot per [`ExcType`], made on first use.
    static BUILTIN_CLASSES: RefCell<Vec<Option<Shared<Class>>>> =
        RefCell::new(vec![None; ExcType::ALL.len() + 1]);
}

fn builtin_slot(index: usize, make: impl FnOnce() -> Class) -> Shared<Class> {
    if let Some(Some(c)) = BUILTIN_CLASSES.with(|t| t.borrow().get(index).cloned()) {
        return c;
    }
    let class = Rc::new(make());
    BUILTIN_CLASSES.with(|t| {
        if let Some(slot) = t.borrow_mut().get_mut(index) {
            *slot = Some(class.clone());
        }
    });
    class
}

/// The class `object`.
pub fn object_class() -> Shared<Class> {
    builtin_slot(0, || {
        let mut dict = Dict::new();
        crate::slots::object_methods(&mut dict);
        Class {
            name: RefCell::new("object".to_string()),
            qualname: RefCell::new("object".to_string()),
            bases: Vec::new(),
            mro: Vec::new(),
            dict: Rc::new(RefCell::new(dict)),
            builtin: Some(BuiltinClass::Object),
            exc: None,
            attr_cache: RefCell::default(),
        }
    })
}

thread_local! {
    static NAMESPACE_CLASS: RefCell<Option<Shared<Class>>> = const { RefCell::new(None) };
}

/// `types.SimpleNamespace`: instances hold the keyword arguments they were
/// made with as attributes.
pub fn namespace_class() -> Shared<Class> {
    if let Some(c) = NAMESPACE_CLASS.with(|c| c.borrow().clone()) {
        return c;
    }
    let mut dict = Dict::new();
    crate::slots::namespace_methods(&mut dict);
    let object = object_class();
    let class = Rc::new(Class {
        name: RefCell::new("SimpleNamespace".to_string()),
        qualname: RefCell::new("SimpleNamespace".to_string()),
        bases: vec![object.clone()],
        mro: vec![object],
        dict: Rc::new(RefCell::new(dict)),
        builtin: Some(BuiltinClass::Namespace),
        exc: None,
        attr_cache: RefCell::default(),
    });
    NAMESPACE_CLASS.with(|c| *c.borrow_mut() = Some(class.clone()));
    class
}

/// The builtin exception class `t` (`ValueError`).
pub fn exc_class(t: ExcType) -> Shared<Class> {
    builtin_slot(t.index() + 1, || {
        let base = match t.base() {
            Some(b) => exc_class(b),
            None => object_class(),
        };
        let mut mro = vec![base.clone()];
        mro.extend(base.mro.iter().cloned());
        let mut dict = Dict::new();
        if t == ExcType::BaseException {
            crate::slots::exception_methods(&mut dict);
        }
        Class {
            name: RefCell::new(t.name().to_string()),
            qualname: RefCell::new(t.name().to_string()),
            bases: vec![base],
            mro,
            dict: Rc::new(RefCell::new(dict)),
            builtin: Some(BuiltinClass::Exc(t)),
            exc: Some(t),
            attr_cache: RefCell::default(),
        }
    })
}

impl Class {
    /// `__name__`.
    pub fn name(&self) -> String {
        self.name.borrow().clone()
    }

    /// `__qualname__`.
    pub fn qualname(&self) -> String {
        self.qualname.borrow().clone()
    }

    /// `__module__`: `builtins` for builtin classes (`types` for
    /// `SimpleNamespace`).
    pub fn module(&self) -> Value {
        match self.builtin {
            Some(BuiltinClass::Namespace) => return Value::str_static("types"),
            Some(_) => return Value::str_static("builtins"),
            None => {}
        }
        self.dict
            .borrow()
            .get_str("__module__")
            .unwrap_or(Value::None)
    }

    /// Reports the references the class holds to the cycle collector: its
    /// bases, its MRO and its namespace.
    pub(crate) fn gc_traverse<V: crate::gc::Visit>(&self, v: &mut V) {
        use crate::gc::ObjRef;
        for c in self.bases.iter().chain(&self.mro) {
            v.edge(ObjRef::Class(c));
        }
        v.edge(ObjRef::Dict(&self.dict));
    }

    /// Empties the class's namespace for the cycle collector (when no one
    /// else holds it); bases and MRO are immutable and stay.
    pub(crate) fn gc_clear(&self) {
        crate::gc::clear_owned_dict(&self.dict);
    }

    /// `__bases__`.
    pub fn bases(&self) -> &[Shared<Class>] {
        &self.bases
    }

    /// `__mro__`: the class itself, then its ancestors in resolution order.
    pub fn mro(self: &Shared<Self>) -> Vec<Shared<Class>> {
        let mut out = vec![self.clone()];
        out.extend(self.mro.iter().cloned());
        out
    }

    /// The MRO without the class itself, borrowed.
    pub fn mro_tail(&self) -> &[Shared<Class>] {
        &self.mro
    }

    /// `__dict__`.
    pub fn dict(&self) -> &Shared<RefCell<Dict>> {
        &self.dict
    }

    /// Which builtin class this is, if any.
    pub fn builtin(&self) -> Option<BuiltinClass> {
        self.builtin
    }

    /// The nearest builtin exception class it derives from (`None`: not an
    /// exception class).
    pub fn exc_type(&self) -> Option<ExcType> {
        self.exc
    }

    /// The attribute `name` in the class's own namespace.
    pub fn own(&self, name: &str) -> Option<Value> {
        self.dict.borrow().get_str(name)
    }

    /// `name` looked up along the MRO (the class itself first), through
    /// the class's cache of lookups (module `attr_cache`).
    pub fn lookup(&self, name: &str) -> Option<Value> {
        self.peek(name, |v| v.cloned())
    }

    /// `f` of what [`Class::lookup`] finds, seen in place: `f` runs while
    /// the namespace that has it is borrowed, so it must not run Python
    /// code (it picks out what its caller needs).
    #[inline]
    pub(crate) fn peek<R>(&self, name: &str, f: impl FnOnce(Option<&Value>) -> R) -> R {
        let hit = match self.attr_cache.try_borrow_mut() {
            Ok(mut cache) => cache.find(self, name),
            Err(_) => None,
        };
        match hit {
            Some(None) => return f(None),
            Some(Some((i, entry))) => {
                if let Some(dict) = crate::attr_cache::dict_of(self, i) {
                    if let Ok(dict) = dict.try_borrow() {
                        // Always there: the layout is what it was when the
                        // position was found.
                        if let Some(v) = dict.value_ref_at_str(entry, name) {
                            return f(Some(v));
                        }
                    }
                }
            }
            None => {}
        }
        f(self.lookup_uncached(name).as_ref())
    }

    /// [`Class::lookup`] without the cache: the namespaces one by one.
    fn lookup_uncached(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.own(name) {
            return Some(v);
        }
        self.mro.iter().find_map(|c| c.own(name))
    }

    /// `name` along the MRO, with the class that defines it.
    pub fn lookup_with_owner(self: &Shared<Self>, name: &str) -> Option<(Value, Shared<Class>)> {
        if let Some(v) = self.own(name) {
            return Some((v, self.clone()));
        }
        self.mro
            .iter()
            .find_map(|c| c.own(name).map(|v| (v, c.clone())))
    }

    /// `issubclass(self, other)`.
    pub fn is_subclass(self: &Shared<Self>, other: &Shared<Class>) -> bool {
        Rc::ptr_eq(self, other) || self.mro.iter().any(|c| Rc::ptr_eq(c, other))
    }

    /// Sets `__name__` (`TypeError` unless a str).
    pub(crate) fn set_name(&self, qual: bool, value: &Value) -> PyResult<()> {
        let Value::Str(s) = value else {
            let which = if qual { "__qualname__" } else { "__name__" };
            return Err(PyErr::type_error(format!(
                "can only assign string to {}.{}, not '{}'",
                self.name(),
                which,
                value.type_name()
            )));
        };
        let slot = if qual { &self.qualname } else { &self.name };
        *slot.borrow_mut() = s.as_ref().clone();
        Ok(())
    }

    /// The `__mro__` tuple.
    pub fn mro_value(self: &Shared<Self>) -> Value {
        let mut items = vec![Value::Class(self.clone())];
        items.extend(self.mro.iter().cloned().map(Value::Class));
        crate::ops::tuple(items)
    }

    /// The class's `repr`: `<class '__main__.Point'>`, `<class 'ValueError'>`.
    pub fn repr(&self) -> String {
        match self.module() {
            Value::Str(m) if m.as_str() != "builtins" => {
                format!("<class '{}.{}'>", m, self.qualname())
            }
            _ => format!("<class '{}'>", self.qualname()),
        }
    }
}

/// CPython's C3 linearisation (`mro_implementation`): the MRO after the
/// new class, or `TypeError: Cannot create a consistent method resolution
/// order (MRO) for bases A, B`.
fn c3(bases: &[Shared<Class>]) -> PyResult<Vec<Shared<Class>>> {
    let mut seqs: Vec<Vec<Shared<Class>>> = bases
        .iter()
        .map(|b| {
            let mut s = vec![b.clone()];
            s.extend(b.mro.iter().cloned());
            s
        })
        .collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Shared<Class>> = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let candidate = seqs.iter().find_map(|s| {
            let head = s.first()?;
            let in_tail = seqs
                .iter()
                .any(|t| t.iter().skip(1).any(|c| Rc::ptr_eq(c, head)));
            (!in_tail).then(|| head.clone())
        });
        let Some(next) = candidate else {
            let mut names: Vec<String> = Vec::new();
            for s in &seqs {
                if let Some(h) = s.first() {
                    let n = h.name();
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
            return Err(PyErr::type_error(format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            )));
        };
        for s in &mut seqs {
            if s.first().is_some_and(|h| Rc::ptr_eq(h, &next)) {
                s.remove(0);
            }
        }
        out.push(next);
    }
}

/// `type(name, bases, ns)` for a `class` statement: a new class over the
/// namespace its body filled. `__qualname__` moves out of the namespace
/// into the class, as CPython's `type_new` does.
pub fn new_class(name: &str, bases: Vec<Shared<Class>>, ns: Dict) -> PyResult<Shared<Class>> {
    let bases = if bases.is_empty() {
        vec![object_class()]
    } else {
        bases
    };
    for (i, b) in bases.iter().enumerate() {
        if bases.iter().skip(i + 1).any(|c| Rc::ptr_eq(b, c)) {
            return Err(PyErr::type_error(format!(
                "duplicate base class {}",
                b.name()
            )));
        }
    }
    let mro = c3(&bases)?;
    // CPython's `best_base`: the bases' exception layouts (the nearest
    // class with fields of its own) must lie on one line of descent.
    let mut winner: Option<ExcType> = None;
    for solid in bases
        .iter()
        .filter_map(|b| b.exc)
        .map(crate::exc_init::solid_base)
    {
        winner = match winner {
            None => Some(solid),
            Some(w) if w.is_subclass_of(solid) => Some(w),
            Some(w) if solid.is_subclass_of(w) => Some(solid),
            Some(_) => {
                return Err(PyErr::type_error(
                    "multiple bases have instance lay-out conflict",
                ))
            }
        };
    }
    let exc = mro.iter().find_map(|c| c.exc);
    let mut ns = ns;
    let qualname = match ns.remove(&Value::str_static("__qualname__"))? {
        Some(Value::Str(q)) => q.as_ref().clone(),
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "type __qualname__ must be a str, not {}",
                other.type_name()
            )))
        }
        None => name.to_string(),
    };
    if ns.get_str("__doc__").is_none() {
        ns.set_str("__doc__", Value::None);
    }
    // type_new: `__eq__` without `__hash__` makes instances unhashable;
    // `__init_subclass__` and `__class_getitem__` are implicitly class
    // methods, `__new__` a static method.
    if ns.get_str("__eq__").is_some() && ns.get_str("__hash__").is_none() {
        ns.set_str("__hash__", Value::None);
    }
    for name in ["__init_subclass__", "__class_getitem__"] {
        if let Some(f @ Value::Function(_)) = ns.get_str(name) {
            ns.set_str(name, crate::descriptor::classmethod(f));
        }
    }
    if let Some(f @ Value::Function(_)) = ns.get_str("__new__") {
        ns.set_str("__new__", crate::descriptor::staticmethod(f));
    }
    let class = Rc::new(Class {
        name: RefCell::new(name.to_string()),
        qualname: RefCell::new(qualname),
        bases,
        mro,
        dict: Rc::new(RefCell::new(ns)),
        builtin: None,
        exc,
        attr_cache: RefCell::default(),
    });
    crate::gc::track(&class);
    Ok(class)
}

/// `__build_class__(func, name, *bases)`: runs the class body `func` in a
/// fresh namespace, makes the class, and fills the `__class__` cell the
/// body returned (zero-argument `super()` reads it).
pub fn build_class(args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    let npos = args.len().saturating_sub(kwnames.len());
    let (pos, kwvalues) = args.split_at(npos);
    let [func, name, bases @ ..] = pos else {
        return Err(PyErr::type_error("__build_class__: not enough arguments"));
    };
    let Value::Function(body) = func else {
        return Err(PyErr::type_error(
            "__build_class__: func must be a function",
        ));
    };
    let Value::Str(name) = name else {
        return Err(PyErr::type_error("__build_class__: name is not a string"));
    };
    // Keywords other than `metaclass` go to `__init_subclass__`.
    let mut subclass_kw: Vec<(&str, Value)> = Vec::new();
    for (k, v) in kwnames.iter().zip(kwvalues) {
        if *k == "metaclass" {
            if !matches!(v, Value::Builtin(b) if b.name == "type") {
                return Err(PyErr::new(
                    crate::error::ExcType::NotImplementedError,
                    "metaclasses other than type are not supported by py_fn",
                ));
            }
        } else {
            subclass_kw.push((k, v.clone()));
        }
    }
    let mut classes = Vec::with_capacity(bases.len());
    for b in bases {
        match b {
            Value::Class(c) => classes.push(c.clone()),
            Value::Builtin(t) if t.is_type => {
                return Err(PyErr::new(
                    crate::error::ExcType::NotImplementedError,
                    format!(
                        "subclassing the builtin type '{}' is not supported by py_fn",
                        t.name
                    ),
                ))
            }
            other => {
                return Err(PyErr::type_error(format!(
                    "bases must be types, not {}",
                    other.type_name()
                )))
            }
        }
    }
    let ns = Rc::new(RefCell::new(Dict::new()));
    let cell = crate::function::call_with_locals(body, Value::Dict(ns.clone()))?;
    let ns_dict = std::mem::take(&mut *ns.borrow_mut());
    let mut ns_dict = ns_dict;
    let classcell = ns_dict.remove(&Value::str_static("__classcell__"))?;
    let class = new_class(name, classes, ns_dict)?;
    let class_value = Value::Class(class.clone());
    if let Some(Value::Cell(c)) = classcell.or(match cell {
        c @ Value::Cell(_) => Some(c),
        _ => None,
    }) {
        crate::cell::cell_store(&c, class_value.clone());
    }
    init_subclass(&class, &subclass_kw)?;
    Ok(class_value)
}

/// `super(cls, cls).__init_subclass__(**kwargs)` for a new class: the first
/// `__init_subclass__` after it in its MRO (`object`'s takes no keyword
/// arguments).
fn init_subclass(class: &Shared<Class>, kwargs: &[(&str, Value)]) -> PyResult<()> {
    let hook = class
        .mro_tail()
        .iter()
        .find_map(|c| c.own("__init_subclass__").map(|h| (h, c.clone())));
    match hook {
        Some((h @ Value::Descriptor(_), _)) => {
            let bound = crate::descriptor::bind_to_class(h, class);
            let (mut args, names): (Vec<Value>, Vec<&str>) =
                (Vec::new(), kwargs.iter().map(|(k, _)| *k).collect());
            args.extend(kwargs.iter().map(|(_, v)| v.clone()));
            crate::call::call_kw(&bound, &args, &names).map(drop)
        }
        _ if !kwargs.is_empty() => Err(PyErr::type_error(format!(
            "{}.__init_subclass__() takes no keyword arguments",
            class.name()
        ))),
        _ => Ok(()),
    }
}

/// `cls(*args, **kwargs)`: a new instance, initialised by the class's
/// `__init__` (CPython's `type_call` with `object.__new__` /
/// `BaseException.__new__`, or the class's own `__new__`).
pub fn instantiate(cls: &Shared<Class>, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
    let new = cls.lookup("__new__");
    let custom_new = new
        .as_ref()
        .is_some_and(|n| !crate::slots::is_builtin_slot(n, "__new__"));
    let init = cls.lookup("__init__");
    let custom_init = init
        .as_ref()
        .is_some_and(|i| !crate::slots::is_object_init(i) && !crate::slots::is_exception_init(i));
    let obj = if custom_new {
        let new = new.unwrap_or(Value::None);
        let new = match &new {
            Value::Descriptor(_) => crate::descriptor::bind_to_class(new.clone(), cls),
            _ => new,
        };
        let mut full = Vec::with_capacity(args.len() + 1);
        full.push(Value::Class(cls.clone()));
        full.extend_from_slice(args);
        let obj = crate::call::call_kw(&new, &full, kwnames)?;
        let is_instance = matches!(&obj, Value::Instance(i) if i.class().is_subclass(cls));
        if !is_instance {
            return Ok(obj);
        }
        obj
    } else if cls.exc_type().is_some() {
        Value::Instance(crate::exc_init::new_exception(
            cls,
            args,
            kwnames,
            custom_init,
        )?)
    } else {
        if !args.is_empty() && !custom_init {
            return Err(PyErr::type_error(format!(
                "{}() takes no arguments",
                cls.name()
            )));
        }
        Value::Instance(crate::instance::Instance::new(cls.clone()))
    };
    if custom_init {
        let init = crate::descriptor::bind(init.unwrap_or(Value::None), &obj, cls)?;
        let result = crate::call::call_kw(&init, args, kwnames)?;
        if !matches!(result, Value::None) {
            return Err(PyErr::type_error(format!(
                "__init__() should return None, not '{}'",
                result.type_name()
            )));
        }
    }
    Ok(obj)
}
