//! The code-object record shared by the compiler (owned data), the macro's
//! generated `static`s (borrowed data) and the runtime.

use std::borrow::Cow;

/// A string that is either `'static` (macro output) or owned (compiler, runtime).
pub type Str = Cow<'static, str>;

/// A slice that is either `'static` or owned.
pub type List<T> = Cow<'static, [T]>;

/// `co_flags` bits (`dis.COMPILER_FLAG_NAMES`).
pub mod flags {
    /// Locals are fast slots.
    pub const OPTIMIZED: u32 = 0x1;
    /// A new locals dict per call.
    pub const NEWLOCALS: u32 = 0x2;
    /// Has `*args`.
    pub const VARARGS: u32 = 0x4;
    /// Has `**kwargs`.
    pub const VARKEYWORDS: u32 = 0x8;
    /// Defined inside a function.
    pub const NESTED: u32 = 0x10;
    /// A generator function.
    pub const GENERATOR: u32 = 0x20;
    /// No free or cell variables (not set by CPython 3.11's compiler).
    pub const NOFREE: u32 = 0x40;
    /// `async def`.
    pub const COROUTINE: u32 = 0x80;
    /// A generator decorated with `types.coroutine`.
    pub const ITERABLE_COROUTINE: u32 = 0x100;
    /// An async generator.
    pub const ASYNC_GENERATOR: u32 = 0x200;

    /// `(bit, name)` in the order `dis` lists them.
    pub const NAMES: &[(u32, &str)] = &[
        (OPTIMIZED, "OPTIMIZED"),
        (NEWLOCALS, "NEWLOCALS"),
        (VARARGS, "VARARGS"),
        (VARKEYWORDS, "VARKEYWORDS"),
        (NESTED, "NESTED"),
        (GENERATOR, "GENERATOR"),
        (NOFREE, "NOFREE"),
        (COROUTINE, "COROUTINE"),
        (ITERABLE_COROUTINE, "ITERABLE_COROUTINE"),
        (ASYNC_GENERATOR, "ASYNC_GENERATOR"),
    ];
}

/// A compile-time constant of `co_consts`.
///
/// Everything here can be written as `'static` data, so a code object made by
/// the macro costs no allocation to inspect.
// `Code` is large when owned, but boxing it would rule out `'static`
// constants; code objects are few, so the size is not worth an indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A larger integer, as its decimal text (with a leading `-` if negative).
    BigInt(Str),
    /// A float.
    Float(f64),
    /// An imaginary number `<x>j`.
    Complex(f64),
    /// A string.
    Str(Str),
    /// A bytes object.
    Bytes(List<u8>),
    /// A tuple of constants.
    Tuple(List<Constant>),
    /// A `frozenset` of constants (`x in {1, 2}`, `{1, 2, 3}`), its items
    /// in CPython's iteration order.
    FrozenSet(List<Constant>),
    /// `...`.
    Ellipsis,
    /// A nested code object.
    Code(Cow<'static, CodeData>),
}

/// Every `co_*` field of a CPython 3.11 code object.
///
/// `C` is the constant type: [`Constant`] for compiled code; the runtime may
/// use its own value type for code objects built at run time.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeData<C: Clone + 'static = Constant> {
    /// `co_argcount`: positional parameters, positional-only included.
    pub argcount: u32,
    /// `co_posonlyargcount`.
    pub posonlyargcount: u32,
    /// `co_kwonlyargcount`.
    pub kwonlyargcount: u32,
    /// `co_stacksize`.
    pub stacksize: u32,
    /// `co_flags` (see [`flags`]).
    pub flags: u32,
    /// `co_code`: 3.11 code units, inline `CACHE` entries as zeros.
    pub code: List<u8>,
    /// `co_consts`.
    pub consts: List<C>,
    /// `co_names`.
    pub names: List<Str>,
    /// `co_varnames` (`co_nlocals` is its length).
    pub varnames: List<Str>,
    /// `co_cellvars`.
    pub cellvars: List<Str>,
    /// `co_freevars`.
    pub freevars: List<Str>,
    /// `co_filename`.
    pub filename: Str,
    /// `co_name`.
    pub name: Str,
    /// `co_qualname`.
    pub qualname: Str,
    /// `co_firstlineno`.
    pub firstlineno: u32,
    /// `co_linetable` in 3.11's location-table format.
    pub linetable: List<u8>,
    /// `co_exceptiontable`.
    pub exceptiontable: List<u8>,
}

impl<C: Clone + 'static> CodeData<C> {
    /// `co_nlocals`.
    pub fn nlocals(&self) -> u32 {
        self.varnames.len() as u32
    }

    /// The names of the bits set in `co_flags`, lowest bit first.
    pub fn flag_names(&self) -> Vec<&'static str> {
        flags::NAMES
            .iter()
            .filter(|(bit, _)| self.flags & bit != 0)
            .map(|&(_, name)| name)
            .collect()
    }

    /// The fast-locals layout ("localsplus"): varnames, then cells that are
    /// not parameters, then free variables. Opargs of `LOAD_DEREF` and
    /// friends index this list.
    pub fn localsplus(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.varnames.iter().map(|s| s.as_ref()).collect();
        for cell in self.cellvars.iter() {
            if !self.varnames.iter().any(|v| v == cell) {
                out.push(cell);
            }
        }
        out.extend(self.freevars.iter().map(|s| s.as_ref()));
        out
    }
}
