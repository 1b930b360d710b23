//! CPython 3.11's `marshal` format, version 4 (`Python/marshal.c`): the
//! bytes `marshal.dumps` writes for a code object and its constants, and a
//! reader of the same bytes back into a [`CodeData`].
//!
//! The writer makes what CPython 3.11's `marshal.loads` reads into the same
//! code object; it never writes `FLAG_REF` / `TYPE_REF` (CPython uses them
//! to share objects written twice), so its output is not byte-identical
//! to CPython's (usually a little longer). The reader accepts CPython's own
//! output, references included, so a code object CPython compiled can be
//! compared with the one py_fn compiles.
//!
//! A code object is written as type `c` with 3.11's fields in 3.11's order:
//! `co_argcount`, `co_posonlyargcount`, `co_kwonlyargcount`, `co_stacksize`,
//! `co_flags` (4-byte ints), then `co_code`, `co_consts`, `co_names`,
//! `co_localsplusnames`, `co_localspluskinds`, `co_filename`, `co_name`,
//! `co_qualname`, then `co_firstlineno` (a 4-byte int), `co_linetable` and
//! `co_exceptiontable`. `co_varnames`, `co_cellvars` and `co_freevars` are not
//! stored: CPython derives them from the "localsplus" names and kinds
//! ([`localsplus_kinds`]), and so does [`read`].

use std::borrow::Cow;
use std::fmt;

use crate::code::{CodeData, Constant, Str};

/// The marshal format version CPython 3.11 writes (`marshal.version`).
///
/// ```
/// assert_eq!(py_fn_bytecode::marshal::VERSION, 4);
/// ```
pub const VERSION: u32 = 4;

/// `CO_FAST_LOCAL`: the localsplus slot is a local variable (parameters included).
///
/// ```
/// use py_fn_bytecode::marshal::{CO_FAST_CELL, CO_FAST_LOCAL};
/// // A parameter that an inner function closes over is both.
/// assert_eq!(CO_FAST_LOCAL | CO_FAST_CELL, 0x60);
/// ```
pub const CO_FAST_LOCAL: u8 = 0x20;
/// `CO_FAST_CELL`: the slot holds a cell for an inner function's free variable.
///
/// ```
/// assert_eq!(py_fn_bytecode::marshal::CO_FAST_CELL, 0x40);
/// ```
pub const CO_FAST_CELL: u8 = 0x40;
/// `CO_FAST_FREE`: the slot holds a cell of the enclosing function (`co_freevars`).
///
/// ```
/// assert_eq!(py_fn_bytecode::marshal::CO_FAST_FREE, 0x80);
/// ```
pub const CO_FAST_FREE: u8 = 0x80;

/// CPython's `MAX_MARSHAL_STACK_DEPTH`: objects nested deeper are refused,
/// by the writer and by the reader.
const MAX_DEPTH: usize = 2000;

/// Longest integer the reader converts to decimal text, in 15-bit digits
/// (61,440 bits, about 18,500 decimal digits; CPython's compiler makes no
/// integer constant near that size). The conversion is quadratic.
const MAX_LONG_DIGITS: usize = 4096;

/// Type codes of `Python/marshal.c`.
mod ty {
    pub const NULL: u8 = b'0';
    pub const NONE: u8 = b'N';
    pub const FALSE: u8 = b'F';
    pub const TRUE: u8 = b'T';
    pub const STOPITER: u8 = b'S';
    pub const ELLIPSIS: u8 = b'.';
    pub const INT: u8 = b'i';
    pub const INT64: u8 = b'I';
    pub const FLOAT: u8 = b'f';
    pub const BINARY_FLOAT: u8 = b'g';
    pub const COMPLEX: u8 = b'x';
    pub const BINARY_COMPLEX: u8 = b'y';
    pub const LONG: u8 = b'l';
    pub const STRING: u8 = b's';
    pub const INTERNED: u8 = b't';
    pub const REF: u8 = b'r';
    pub const TUPLE: u8 = b'(';
    pub const LIST: u8 = b'[';
    pub const DICT: u8 = b'{';
    pub const CODE: u8 = b'c';
    pub const UNICODE: u8 = b'u';
    pub const UNKNOWN: u8 = b'?';
    pub const SET: u8 = b'<';
    pub const FROZENSET: u8 = b'>';
    pub const ASCII: u8 = b'a';
    pub const ASCII_INTERNED: u8 = b'A';
    pub const SMALL_TUPLE: u8 = b')';
    pub const SHORT_ASCII: u8 = b'z';
    pub const SHORT_ASCII_INTERNED: u8 = b'Z';
    /// Set on a type code when the object is remembered for later `REF`s.
    pub const FLAG_REF: u8 = 0x80;
}

/// Why bytes could not be read, or a code object could not be written.
///
/// ```
/// use py_fn_bytecode::marshal::{read_constant, MarshalError};
/// let err = read_constant(b"i\x01\x00").unwrap_err();
/// assert!(matches!(err, MarshalError::Read { offset: 1, .. }));
/// assert_eq!(err.to_string(), "bad marshal data at byte 1: EOF read where an int was expected");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarshalError {
    /// The input is not marshal data this reader accepts.
    Read {
        /// Offset in the input where the problem was found.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// The value has no marshal form CPython 3.11 would load.
    Write {
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for MarshalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MarshalError::Read { offset, message } => {
                write!(f, "bad marshal data at byte {offset}: {message}")
            }
            MarshalError::Write { message } => write!(f, "cannot marshal: {message}"),
        }
    }
}

impl std::error::Error for MarshalError {}

fn write_error(message: impl Into<String>) -> MarshalError {
    MarshalError::Write {
        message: message.into(),
    }
}

// ----- localsplus ---------------------------------------------------------------

/// `co_localsplusnames` and `co_localspluskinds` of a code object, laid out
/// as CPython 3.11's compiler does (`compute_localsplus_info`): every name
/// of `co_varnames` with [`CO_FAST_LOCAL`] (plus [`CO_FAST_CELL`] when it is
/// also a cell variable, e.g. a parameter an inner function uses), then the
/// other cell variables with `CO_FAST_CELL`, then the free variables with
/// [`CO_FAST_FREE`].
///
/// ```
/// use py_fn_bytecode::marshal::{localsplus_kinds, CO_FAST_CELL, CO_FAST_LOCAL};
/// use py_fn_bytecode::CodeData;
/// // def f(x):
/// //     a = 1
/// //     def g(): return a + x
/// let f = CodeData {
///     varnames: vec!["x".into(), "g".into()].into(),
///     cellvars: vec!["x".into(), "a".into()].into(),
///     ..empty()
/// };
/// let (names, kinds) = localsplus_kinds(&f);
/// assert_eq!(names, ["x", "g", "a"]);
/// assert_eq!(kinds, [CO_FAST_LOCAL | CO_FAST_CELL, CO_FAST_LOCAL, CO_FAST_CELL]);
/// # fn empty() -> CodeData {
/// #     CodeData {
/// #         argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 0, flags: 0,
/// #         code: vec![].into(), consts: vec![].into(), names: vec![].into(),
/// #         varnames: vec![].into(), cellvars: vec![].into(), freevars: vec![].into(),
/// #         filename: "f.py".into(), name: "f".into(), qualname: "f".into(),
/// #         firstlineno: 1, linetable: vec![].into(), exceptiontable: vec![].into(),
/// #     }
/// # }
/// ```
pub fn localsplus_kinds<C: Clone + 'static>(code: &CodeData<C>) -> (Vec<&str>, Vec<u8>) {
    let mut names: Vec<&str> = Vec::new();
    let mut kinds: Vec<u8> = Vec::new();
    for var in code.varnames.iter() {
        names.push(var);
        let cell = code.cellvars.iter().any(|c| c == var);
        kinds.push(if cell {
            CO_FAST_LOCAL | CO_FAST_CELL
        } else {
            CO_FAST_LOCAL
        });
    }
    for cell in code.cellvars.iter() {
        if !code.varnames.iter().any(|v| v == cell) {
            names.push(cell);
            kinds.push(CO_FAST_CELL);
        }
    }
    for free in code.freevars.iter() {
        names.push(free);
        kinds.push(CO_FAST_FREE);
    }
    (names, kinds)
}

// ----- writer -------------------------------------------------------------------

/// `marshal.dumps(code)` on CPython 3.11 (without shared references): the
/// module or function code object with every nested code object in
/// `co_consts`.
///
/// Errors when a count or length does not fit the format's 4-byte fields,
/// when a `BigInt` constant is not decimal text, or when objects are nested
/// deeper than CPython's limit (2,000).
///
/// ```
/// use py_fn_bytecode::{marshal, CodeData, Constant};
/// // RESUME 0; LOAD_CONST 0 (None); RETURN_VALUE
/// let code = CodeData {
///     stacksize: 1,
///     code: vec![151, 0, 100, 0, 83, 0].into(),
///     consts: vec![Constant::None].into(),
///     name: "<module>".into(),
///     qualname: "<module>".into(),
///     ..empty()
/// };
/// let bytes = marshal::write(&code).unwrap();
/// assert_eq!(&bytes[..5], b"c\0\0\0\0");
/// assert_eq!(marshal::read(&bytes).unwrap(), code);
/// # fn empty() -> CodeData {
/// #     CodeData {
/// #         argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, stacksize: 0, flags: 0,
/// #         code: vec![].into(), consts: vec![].into(), names: vec![].into(),
/// #         varnames: vec![].into(), cellvars: vec![].into(), freevars: vec![].into(),
/// #         filename: "f.py".into(), name: "f".into(), qualname: "f".into(),
/// #         firstlineno: 1, linetable: vec![].into(), exceptiontable: vec![].into(),
/// #     }
/// # }
/// ```
pub fn write(code: &CodeData) -> Result<Vec<u8>, MarshalError> {
    let mut w = Writer { out: Vec::new() };
    w.code(code, 0)?;
    Ok(w.out)
}

/// `marshal.dumps(constant)` on CPython 3.11 (without shared references).
///
/// ```
/// use py_fn_bytecode::{marshal, Constant};
/// assert_eq!(marshal::write_constant(&Constant::Int(1)).unwrap(), b"i\x01\0\0\0");
/// assert_eq!(marshal::write_constant(&Constant::Str("abc".into())).unwrap(), b"Z\x03abc");
/// ```
pub fn write_constant(constant: &Constant) -> Result<Vec<u8>, MarshalError> {
    let mut w = Writer { out: Vec::new() };
    w.constant(constant, 0)?;
    Ok(w.out)
}

struct Writer {
    out: Vec<u8>,
}

/// `all_name_chars` of CPython's `Objects/codeobject.c`: strings made only of
/// ASCII letters, digits and `_` are interned when a code object is built.
fn all_name_chars(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Writer {
    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    fn long(&mut self, x: i32) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }

    /// A 4-byte count or size.
    fn size(&mut self, n: usize, what: &str) -> Result<(), MarshalError> {
        let n = i32::try_from(n).map_err(|_| write_error(format!("{what} too large")))?;
        self.long(n);
        Ok(())
    }

    /// A 4-byte field of a code object.
    fn field(&mut self, x: u32, what: &str) -> Result<(), MarshalError> {
        let x = i32::try_from(x).map_err(|_| write_error(format!("{what} {x} out of range")))?;
        self.long(x);
        Ok(())
    }

    fn bytes(&mut self, b: &[u8]) -> Result<(), MarshalError> {
        self.byte(ty::STRING);
        self.size(b.len(), "bytes object")?;
        self.out.extend_from_slice(b);
        Ok(())
    }

    /// A `str`, with the type `w_object` picks: short ASCII (length under
    /// 256), ASCII, or UTF-8 (`TYPE_UNICODE`), interned or not.
    fn str(&mut self, s: &str, interned: bool) -> Result<(), MarshalError> {
        if s.is_ascii() {
            if s.len() < 256 {
                self.byte(if interned {
                    ty::SHORT_ASCII_INTERNED
                } else {
                    ty::SHORT_ASCII
                });
                self.byte(s.len() as u8);
            } else {
                self.byte(if interned {
                    ty::ASCII_INTERNED
                } else {
                    ty::ASCII
                });
                self.size(s.len(), "string")?;
            }
        } else {
            self.byte(if interned { ty::INTERNED } else { ty::UNICODE });
            self.size(s.len(), "string")?;
        }
        self.out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    /// The header of a tuple of `n` items: `TYPE_SMALL_TUPLE` under 256.
    fn tuple_header(&mut self, n: usize) -> Result<(), MarshalError> {
        if n < 256 {
            self.byte(ty::SMALL_TUPLE);
            self.byte(n as u8);
            Ok(())
        } else {
            self.byte(ty::TUPLE);
            self.size(n, "tuple")
        }
    }

    /// A tuple of names (`co_names`, `co_localsplusnames`): interned strings.
    fn names<'a>(
        &mut self,
        names: impl ExactSizeIterator<Item = &'a str>,
    ) -> Result<(), MarshalError> {
        self.tuple_header(names.len())?;
        for name in names {
            self.str(name, true)?;
        }
        Ok(())
    }

    fn int(&mut self, x: i64) {
        match i32::try_from(x) {
            Ok(small) => {
                self.byte(ty::INT);
                self.long(small);
            }
            Err(_) => {
                let negative = x < 0;
                let mut digits = Vec::new();
                let mut m = x.unsigned_abs();
                while m != 0 {
                    digits.push((m & 0x7fff) as u16);
                    m >>= 15;
                }
                self.long_digits(negative, &digits);
            }
        }
    }

    /// `TYPE_LONG`: the signed count of 15-bit digits, then the digits,
    /// least significant first.
    fn long_digits(&mut self, negative: bool, digits: &[u16]) {
        self.byte(ty::LONG);
        // At most 13 digits for an i64, or 4 digits per 9 decimal digits
        // of a text the writer already holds in memory: far below i32::MAX.
        let n = digits.len() as i32;
        self.long(if negative { -n } else { n });
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
    }

    fn big_int(&mut self, text: &str) -> Result<(), MarshalError> {
        let (negative, digits) = decimal_to_digits(text)
            .ok_or_else(|| write_error(format!("BigInt constant {text:?} is not decimal")))?;
        if digits.len() > (i32::MAX as usize) {
            return Err(write_error("integer too large"));
        }
        self.long_digits(negative, &digits);
        Ok(())
    }

    /// An object `depth` levels inside the outermost one (0), which
    /// CPython refuses from [`MAX_DEPTH`] on.
    fn depth(depth: usize) -> Result<(), MarshalError> {
        if depth >= MAX_DEPTH {
            return Err(write_error("object too deeply nested to marshal"));
        }
        Ok(())
    }

    /// Writes `root` (at depth `depth`) with an explicit stack of work, so
    /// that deeply nested constants cannot overflow the caller's stack.
    fn constant(&mut self, root: &Constant, depth: usize) -> Result<(), MarshalError> {
        enum Task<'c> {
            Constant(&'c Constant, usize),
            /// A code object's fields after `co_consts`.
            CodeTail(&'c CodeData),
        }
        let mut tasks = vec![Task::Constant(root, depth)];
        while let Some(task) = tasks.pop() {
            let (c, depth) = match task {
                Task::Constant(c, depth) => (c, depth),
                Task::CodeTail(code) => {
                    self.code_tail(code)?;
                    continue;
                }
            };
            Self::depth(depth)?;
            match c {
                Constant::None => self.byte(ty::NONE),
                Constant::Bool(true) => self.byte(ty::TRUE),
                Constant::Bool(false) => self.byte(ty::FALSE),
                Constant::Int(x) => self.int(*x),
                Constant::BigInt(text) => self.big_int(text)?,
                Constant::Float(x) => {
                    self.byte(ty::BINARY_FLOAT);
                    self.out.extend_from_slice(&x.to_le_bytes());
                }
                Constant::Complex(imag) => {
                    self.byte(ty::BINARY_COMPLEX);
                    self.out.extend_from_slice(&0.0f64.to_le_bytes());
                    self.out.extend_from_slice(&imag.to_le_bytes());
                }
                Constant::Str(s) => self.str(s, all_name_chars(s))?,
                Constant::Bytes(b) => self.bytes(b)?,
                Constant::Tuple(items) => {
                    self.tuple_header(items.len())?;
                    tasks.extend(
                        items
                            .iter()
                            .rev()
                            .map(|item| Task::Constant(item, depth + 1)),
                    );
                }
                Constant::Ellipsis => self.byte(ty::ELLIPSIS),
                Constant::FrozenSet(items) => {
                    // In the constant's order (CPython's iteration order);
                    // CPython itself writes the items sorted by their
                    // marshal bytes. Either loads as the same frozenset.
                    self.byte(ty::FROZENSET);
                    self.size(items.len(), "frozenset")?;
                    tasks.extend(
                        items
                            .iter()
                            .rev()
                            .map(|item| Task::Constant(item, depth + 1)),
                    );
                }
                Constant::Code(code) => {
                    self.code_head(code, depth)?;
                    tasks.push(Task::CodeTail(code));
                    tasks.extend(
                        code.consts
                            .iter()
                            .rev()
                            .map(|item| Task::Constant(item, depth + 2)),
                    );
                }
            }
        }
        Ok(())
    }

    fn code(&mut self, code: &CodeData, depth: usize) -> Result<(), MarshalError> {
        self.code_head(code, depth)?;
        for c in code.consts.iter() {
            self.constant(c, depth + 2)?;
        }
        self.code_tail(code)
    }

    /// A code object up to the header of `co_consts`.
    fn code_head(&mut self, code: &CodeData, depth: usize) -> Result<(), MarshalError> {
        Self::depth(depth)?;
        // The fields, and the names in the tuples among them.
        Self::depth(depth + 1)?;
        let names = [&code.names, &code.varnames, &code.cellvars, &code.freevars];
        if names.iter().any(|list| !list.is_empty()) {
            Self::depth(depth + 2)?;
        }
        self.byte(ty::CODE);
        self.field(code.argcount, "co_argcount")?;
        self.field(code.posonlyargcount, "co_posonlyargcount")?;
        self.field(code.kwonlyargcount, "co_kwonlyargcount")?;
        self.field(code.stacksize, "co_stacksize")?;
        self.field(code.flags, "co_flags")?;
        self.bytes(&code.code)?;
        self.tuple_header(code.consts.len())
    }

    /// A code object's fields after `co_consts`.
    fn code_tail(&mut self, code: &CodeData) -> Result<(), MarshalError> {
        self.names(code.names.iter().map(|s| s.as_ref()))?;
        let (names, kinds) = localsplus_kinds(code);
        self.names(names.into_iter())?;
        self.bytes(&kinds)?;
        self.str(&code.filename, false)?;
        self.str(&code.name, all_name_chars(&code.name))?;
        self.str(&code.qualname, all_name_chars(&code.qualname))?;
        self.field(code.firstlineno, "co_firstlineno")?;
        self.bytes(&code.linetable)?;
        self.bytes(&code.exceptiontable)?;
        Ok(())
    }
}

// ----- integers in base 2**15 -----------------------------------------------------

/// Decimal text (`-` allowed first) to 15-bit digits, least significant
/// first, no leading zero digits; `None` if the text is not decimal.
fn decimal_to_digits(text: &str) -> Option<(bool, Vec<u16>)> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits: Vec<u16> = Vec::new();
    // Four decimal digits at a time: digits * 10_000 + chunk.
    let head = body.len() % 4;
    let chunks = std::iter::once(&body[..head])
        .filter(|c| !c.is_empty())
        .chain(body.as_bytes()[head..].chunks(4).map(|c| {
            // Only ASCII digits: the slice is valid UTF-8.
            std::str::from_utf8(c).unwrap_or("0")
        }));
    for chunk in chunks {
        let scale = 10u32.pow(chunk.len() as u32);
        let mut carry: u32 = chunk.parse().ok()?;
        for d in digits.iter_mut() {
            let v = u32::from(*d) * scale + carry;
            *d = (v & 0x7fff) as u16;
            carry = v >> 15;
        }
        while carry != 0 {
            digits.push((carry & 0x7fff) as u16);
            carry >>= 15;
        }
    }
    Some((negative && !digits.is_empty(), digits))
}

/// 15-bit digits (least significant first, top digit non-zero) to decimal text.
fn digits_to_decimal(negative: bool, digits: &[u16]) -> String {
    let mut rest: Vec<u16> = digits.to_vec();
    let mut chunks: Vec<u32> = Vec::new();
    while !rest.is_empty() {
        // rest, remainder = divmod(rest, 10_000), most significant digit first.
        let mut rem: u32 = 0;
        for d in rest.iter_mut().rev() {
            let v = (rem << 15) | u32::from(*d);
            *d = (v / 10_000) as u16;
            rem = v % 10_000;
        }
        chunks.push(rem);
        while rest.last() == Some(&0) {
            rest.pop();
        }
    }
    let mut text = String::new();
    if negative {
        text.push('-');
    }
    match chunks.split_last() {
        None => text.push('0'),
        Some((top, lower)) => {
            text.push_str(&top.to_string());
            for c in lower.iter().rev() {
                text.push_str(&format!("{c:04}"));
            }
        }
    }
    text
}

// ----- reader -------------------------------------------------------------------

/// `marshal.loads(data)` for a code object, as a [`CodeData`]: the format
/// CPython 3.11 writes (shared references included) and [`write()`] writes.
///
/// Every byte must be used, and every constant must be one a [`Constant`]
/// can hold: lists, dicts, sets, frozensets, `StopIteration` and complex
/// numbers with a real part are refused. Any other input is an error, never
/// a panic.
///
/// ```
/// use py_fn_bytecode::marshal;
/// // marshal.dumps(compile("", "m.py", "exec")) on CPython 3.11
/// let bytes = b"\xe3\0\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\
///     \xf3\x06\0\0\0\x97\0d\0S\0)\x01N\xa9\0r\x02\0\0\0\xf3\0\0\0\0\
///     \xfa\x04m.py\xfa\x08<module>r\x05\0\0\0\x01\0\0\0\
///     s\x0f\0\0\0\xf0\x03\x01\x01\x01\xf0\0\x01\x01\x01\xf0\0\x01\x01\x01r\x03\0\0\0";
/// let code = marshal::read(bytes).unwrap();
/// assert_eq!(code.name, "<module>");
/// assert_eq!(code.qualname, "<module>"); // a reference to the name
/// assert_eq!(code.code.as_ref(), b"\x97\0d\0S\0");
/// assert!(marshal::read(&bytes[..40]).is_err());
/// ```
pub fn read(data: &[u8]) -> Result<CodeData, MarshalError> {
    match Reader::new(data).read_all()? {
        Constant::Code(code) => Ok(code.into_owned()),
        other => Err(MarshalError::Read {
            offset: 0,
            message: format!("expected a code object, found {}", kind_name(&other)),
        }),
    }
}

/// `marshal.loads(data)` for one constant (see [`read`]).
///
/// ```
/// use py_fn_bytecode::{marshal, Constant};
/// // marshal.dumps((1, 'a')) on CPython 3.11
/// let c = marshal::read_constant(b"\xa9\x02\xe9\x01\0\0\0\xda\x01a").unwrap();
/// assert_eq!(c, Constant::Tuple(vec![Constant::Int(1), Constant::Str("a".into())].into()));
/// ```
pub fn read_constant(data: &[u8]) -> Result<Constant, MarshalError> {
    Reader::new(data).read_all()
}

fn kind_name(c: &Constant) -> &'static str {
    match c {
        Constant::None => "None",
        Constant::Bool(_) => "a bool",
        Constant::Int(_) | Constant::BigInt(_) => "an int",
        Constant::Float(_) => "a float",
        Constant::Complex(_) => "a complex",
        Constant::Str(_) => "a str",
        Constant::Bytes(_) => "a bytes object",
        Constant::Tuple(_) => "a tuple",
        Constant::Ellipsis => "Ellipsis",
        Constant::FrozenSet(_) => "a frozenset",
        Constant::Code(_) => "a code object",
    }
}

/// A value read, in the reader's arena: references (`TYPE_REF`) name an
/// earlier node, so a value shared many times is read once; it is copied
/// only when the result is built ([`Reader::build`]).
enum Node {
    /// Anything without items: a scalar, a `str`, a `bytes`.
    Leaf(Leaf),
    /// A tuple: the nodes of its items.
    Tuple(Vec<usize>),
    /// A frozenset: the nodes of its items, in the order written.
    FrozenSet(Vec<usize>),
    /// A code object.
    Code(Box<CodeNode>),
}

/// A value without items (the small part of [`Constant`]).
enum Leaf {
    None,
    Bool(bool),
    Int(i64),
    BigInt(String),
    Float(f64),
    Complex(f64),
    Str(String),
    Bytes(Vec<u8>),
    Ellipsis,
}

impl Leaf {
    /// The constant, and what making it costs (see `Reader::spent`).
    fn to_constant(&self) -> (Constant, usize) {
        match self {
            Leaf::None => (Constant::None, 1),
            Leaf::Bool(b) => (Constant::Bool(*b), 1),
            Leaf::Int(i) => (Constant::Int(*i), 1),
            Leaf::BigInt(t) => (Constant::BigInt(Cow::Owned(t.clone())), 1 + t.len() / 8),
            Leaf::Float(x) => (Constant::Float(*x), 1),
            Leaf::Complex(x) => (Constant::Complex(*x), 1),
            Leaf::Str(s) => (Constant::Str(Cow::Owned(s.clone())), 1 + s.len() / 8),
            Leaf::Bytes(b) => (Constant::Bytes(Cow::Owned(b.clone())), 1 + b.len() / 8),
            Leaf::Ellipsis => (Constant::Ellipsis, 1),
        }
    }
}

/// A code object's fields: the 4-byte ints, and the nodes of the ten object
/// fields (`co_code` .. `co_qualname`, `co_linetable`, `co_exceptiontable`),
/// checked to have the right types.
struct CodeNode {
    ints: [u32; 5],
    firstlineno: u32,
    fields: [usize; CODE_FIELDS],
}

/// A tuple or code object whose items are being read.
struct Open {
    /// Offset of its type code.
    at: usize,
    /// Its reference index, reserved when it started (`r_ref_reserve`).
    slot: Option<usize>,
    kind: OpenKind,
}

enum OpenKind {
    Tuple {
        len: usize,
        items: Vec<usize>,
        /// A frozenset rather than a tuple.
        frozen: bool,
    },
    Code {
        ints: [u32; 5],
        firstlineno: u32,
        /// `(offset, node)` of each object field read so far.
        fields: Vec<(usize, usize)>,
    },
}

/// Object fields of a code object; `co_firstlineno` comes after the eighth.
const CODE_FIELDS: usize = 10;
const CODE_FIELD_NAMES: [&str; CODE_FIELDS] = [
    "co_code",
    "co_consts",
    "co_names",
    "co_localsplusnames",
    "co_localspluskinds",
    "co_filename",
    "co_name",
    "co_qualname",
    "co_linetable",
    "co_exceptiontable",
];

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// Every value read, in the order it was finished.
    nodes: Vec<Node>,
    /// How deeply each node nests (1 for a leaf).
    heights: Vec<usize>,
    /// `TYPE_REF` index -> node; `None` while the container is being read.
    refs: Vec<Option<usize>>,
    /// Work spent building the result (objects made, payload bytes / 8),
    /// and the most allowed: references can copy an object many times, so
    /// a short input could otherwise ask for huge memory.
    spent: usize,
    budget: usize,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Reader {
            data,
            pos: 0,
            nodes: Vec::new(),
            heights: Vec::new(),
            refs: Vec::new(),
            spent: 0,
            budget: data.len().saturating_mul(4).saturating_add(1024),
        }
    }

    /// Reads one object and everything in it, and builds it.
    fn read_all(mut self) -> Result<Constant, MarshalError> {
        let root = self.parse()?;
        if self.pos != self.data.len() {
            return self.err(
                self.pos,
                format!("{} bytes left after the object", self.data.len() - self.pos),
            );
        }
        self.build(root)
    }

    fn err<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, MarshalError> {
        Err(MarshalError::Read {
            offset,
            message: message.into(),
        })
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], MarshalError> {
        let data = self.data;
        match data.get(self.pos..).and_then(|rest| rest.get(..n)) {
            Some(bytes) => {
                self.pos += n;
                Ok(bytes)
            }
            None => self.err(self.pos, format!("EOF read where {what} was expected")),
        }
    }

    fn u8(&mut self, what: &str) -> Result<u8, MarshalError> {
        Ok(self.take(1, what)?[0])
    }

    fn long(&mut self) -> Result<i32, MarshalError> {
        let b = self.take(4, "an int")?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f64(&mut self) -> Result<f64, MarshalError> {
        let b = self.take(8, "a float")?;
        let mut raw = [0u8; 8];
        raw.copy_from_slice(b);
        Ok(f64::from_le_bytes(raw))
    }

    /// A 4-byte size, which must not be negative.
    fn size(&mut self, what: &str) -> Result<usize, MarshalError> {
        let at = self.pos;
        let n = self.long()?;
        usize::try_from(n).or_else(|_| self.err(at, format!("{what} size out of range")))
    }

    /// A non-negative 4-byte field of a code object.
    fn code_int(&mut self, what: &str) -> Result<u32, MarshalError> {
        let at = self.pos;
        let x = self.long()?;
        u32::try_from(x).or_else(|_| self.err(at, format!("{what} is negative ({x})")))
    }

    /// A float written as text (`TYPE_FLOAT`, `TYPE_COMPLEX` parts).
    fn text_float(&mut self) -> Result<f64, MarshalError> {
        let n = usize::from(self.u8("a float length")?);
        let at = self.pos;
        let text = self.take(n, "float text")?;
        let parsed = std::str::from_utf8(text).ok().and_then(parse_python_float);
        match parsed {
            Some(x) => Ok(x),
            None => self.err(at, "float text is not a number"),
        }
    }

    fn add(&mut self, node: Node, height: usize) -> usize {
        self.nodes.push(node);
        self.heights.push(height);
        self.nodes.len() - 1
    }

    /// Reads one object, its items with an explicit stack (no recursion:
    /// CPython's 2,000 levels fit any thread), into the arena.
    fn parse(&mut self) -> Result<usize, MarshalError> {
        let mut open: Vec<Open> = Vec::new();
        loop {
            let mut at = self.pos;
            let Some(mut node) = self.start(&mut open)? else {
                continue;
            };
            // Give the finished node to its container; a container that
            // is now complete is itself a finished node.
            loop {
                let Some(top) = open.last_mut() else {
                    return Ok(node);
                };
                match &mut top.kind {
                    OpenKind::Tuple { len, items, .. } => {
                        items.push(node);
                        if items.len() < *len {
                            break;
                        }
                    }
                    OpenKind::Code {
                        fields,
                        firstlineno,
                        ..
                    } => {
                        fields.push((at, node));
                        if fields.len() == 8 {
                            *firstlineno = self.code_int("co_firstlineno")?;
                        }
                        if fields.len() < CODE_FIELDS {
                            break;
                        }
                    }
                }
                let done = open.pop().ok_or_else(|| MarshalError::Read {
                    offset: at,
                    message: "internal: no open container".into(),
                })?;
                at = done.at;
                node = self.close(done)?;
            }
        }
    }

    /// Registers `node` under the reference index `slot`.
    fn remember(&mut self, slot: Option<usize>, node: usize) {
        if let Some(slot) = slot {
            if let Some(entry) = self.refs.get_mut(slot) {
                *entry = Some(node);
            }
        }
    }

    fn reserve(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        })
    }

    /// Reads a type code and what follows it: the node of a complete
    /// object, or `None` after opening a tuple or code object whose items
    /// come next.
    fn start(&mut self, open: &mut Vec<Open>) -> Result<Option<usize>, MarshalError> {
        let at = self.pos;
        if open.len() >= MAX_DEPTH {
            return self.err(at, "recursion limit exceeded");
        }
        let code = self.u8("a type code")?;
        let flag = code & ty::FLAG_REF != 0;
        let kind = code & !ty::FLAG_REF;
        let leaf = match kind {
            ty::NONE => Leaf::None,
            ty::TRUE => Leaf::Bool(true),
            ty::FALSE => Leaf::Bool(false),
            ty::ELLIPSIS => Leaf::Ellipsis,
            ty::INT => Leaf::Int(i64::from(self.long()?)),
            ty::INT64 => {
                let b = self.take(8, "an int64")?;
                let mut raw = [0u8; 8];
                raw.copy_from_slice(b);
                Leaf::Int(i64::from_le_bytes(raw))
            }
            ty::LONG => self.long_object()?,
            ty::BINARY_FLOAT => Leaf::Float(self.f64()?),
            ty::FLOAT => Leaf::Float(self.text_float()?),
            ty::BINARY_COMPLEX => {
                let real = self.f64()?;
                let imag = self.f64()?;
                self.complex(real, imag, at)?
            }
            ty::COMPLEX => {
                let real = self.text_float()?;
                let imag = self.text_float()?;
                self.complex(real, imag, at)?
            }
            ty::STRING => {
                let n = self.size("bytes object")?;
                Leaf::Bytes(self.take(n, "bytes")?.to_vec())
            }
            ty::UNICODE | ty::INTERNED => {
                let n = self.size("str")?;
                let b = self.take(n, "str data")?;
                match std::str::from_utf8(b) {
                    Ok(s) => Leaf::Str(s.to_string()),
                    Err(_) => {
                        return self.err(at, "str is not UTF-8 (lone surrogates are not supported)")
                    }
                }
            }
            ty::ASCII | ty::ASCII_INTERNED | ty::SHORT_ASCII | ty::SHORT_ASCII_INTERNED => {
                let n = if matches!(kind, ty::ASCII | ty::ASCII_INTERNED) {
                    self.size("str")?
                } else {
                    usize::from(self.u8("a str length")?)
                };
                let b = self.take(n, "str data")?;
                // CPython reads these bytes as Latin-1.
                Leaf::Str(b.iter().map(|&c| char::from(c)).collect())
            }
            ty::TUPLE | ty::SMALL_TUPLE | ty::FROZENSET => {
                let frozen = kind == ty::FROZENSET;
                let len = if kind == ty::TUPLE {
                    self.size("tuple")?
                } else if frozen {
                    self.size("frozenset")?
                } else {
                    usize::from(self.u8("a tuple length")?)
                };
                // Each item takes at least one byte: no huge allocation
                // for a length the input cannot hold.
                if len > self.data.len() - self.pos {
                    return self.err(at, "tuple longer than the data left");
                }
                let slot = self.reserve(flag);
                if len == 0 {
                    let empty = if frozen {
                        Node::FrozenSet(Vec::new())
                    } else {
                        Node::Tuple(Vec::new())
                    };
                    let node = self.add(empty, 1);
                    self.remember(slot, node);
                    return Ok(Some(node));
                }
                open.push(Open {
                    at,
                    slot,
                    kind: OpenKind::Tuple {
                        len,
                        items: Vec::with_capacity(len),
                        frozen,
                    },
                });
                return Ok(None);
            }
            ty::CODE => {
                let slot = self.reserve(flag);
                let mut ints = [0u32; 5];
                for (int, what) in ints.iter_mut().zip([
                    "co_argcount",
                    "co_posonlyargcount",
                    "co_kwonlyargcount",
                    "co_stacksize",
                    "co_flags",
                ]) {
                    *int = self.code_int(what)?;
                }
                open.push(Open {
                    at,
                    slot,
                    kind: OpenKind::Code {
                        ints,
                        firstlineno: 0,
                        fields: Vec::with_capacity(CODE_FIELDS),
                    },
                });
                return Ok(None);
            }
            ty::REF => {
                let index_at = self.pos;
                let index = self.long()?;
                let entry = usize::try_from(index).ok().and_then(|i| self.refs.get(i));
                return match entry {
                    Some(Some(node)) => Ok(Some(*node)),
                    Some(None) => self.err(index_at, "reference to an object still being read"),
                    None => self.err(index_at, format!("invalid reference {index}")),
                };
            }
            ty::NULL => return self.err(at, "NULL object in marshal data"),
            ty::STOPITER => return self.err(at, "StopIteration is not a constant py_fn holds"),
            ty::LIST | ty::DICT | ty::SET => {
                let what = match kind {
                    ty::LIST => "a list",
                    ty::DICT => "a dict",
                    _ => "a set",
                };
                return self.err(at, format!("{what} is not a constant py_fn holds"));
            }
            ty::UNKNOWN => return self.err(at, "unknown object in marshal data"),
            other => return self.err(at, format!("unknown type code 0x{other:02x}")),
        };
        let node = self.add(Node::Leaf(leaf), 1);
        if flag {
            self.refs.push(Some(node));
        }
        Ok(Some(node))
    }

    /// Finishes a tuple or code object whose items are all read.
    fn close(&mut self, done: Open) -> Result<usize, MarshalError> {
        let (node, children) = match done.kind {
            OpenKind::Tuple { items, frozen, .. } => {
                let children = items.clone();
                if frozen {
                    (Node::FrozenSet(items), children)
                } else {
                    (Node::Tuple(items), children)
                }
            }
            OpenKind::Code {
                ints,
                firstlineno,
                fields,
            } => {
                self.check_code_fields(&fields)?;
                let mut nodes = [0usize; CODE_FIELDS];
                for (slot, &(_, node)) in nodes.iter_mut().zip(&fields) {
                    *slot = node;
                }
                let code = CodeNode {
                    ints,
                    firstlineno,
                    fields: nodes,
                };
                (Node::Code(Box::new(code)), nodes.to_vec())
            }
        };
        // A reference can put a deep value inside another deep one; the
        // result must stay within the depth CPython writes and reads.
        let height = 1 + children
            .iter()
            .map(|&c| self.heights.get(c).copied().unwrap_or(0))
            .max()
            .unwrap_or(0);
        if height > MAX_DEPTH {
            return self.err(done.at, "recursion limit exceeded (through references)");
        }
        let node = self.add(node, height);
        self.remember(done.slot, node);
        Ok(node)
    }

    fn leaf(&self, node: usize) -> Option<&Leaf> {
        match self.nodes.get(node) {
            Some(Node::Leaf(c)) => Some(c),
            _ => None,
        }
    }

    fn str_items(&self, node: usize) -> Option<Vec<&str>> {
        match self.nodes.get(node) {
            Some(Node::Tuple(items)) => items
                .iter()
                .map(|&i| match self.leaf(i) {
                    Some(Leaf::Str(s)) => Some(s.as_str()),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }

    /// The field types `_PyCode_Validate` and py_fn need: `bytes`, a
    /// tuple, tuples of `str`, `str`s; kinds as many as names and laid out
    /// as [`localsplus_kinds`] lays them out.
    fn check_code_fields(&self, fields: &[(usize, usize)]) -> Result<(), MarshalError> {
        for (i, &(at, node)) in fields.iter().enumerate() {
            let ok = match i {
                0 | 4 | 8 | 9 => matches!(self.leaf(node), Some(Leaf::Bytes(_))),
                1 => matches!(self.nodes.get(node), Some(Node::Tuple(_))),
                2 | 3 => self.str_items(node).is_some(),
                _ => matches!(self.leaf(node), Some(Leaf::Str(_))),
            };
            if !ok {
                let want = match i {
                    0 | 4 | 8 | 9 => "bytes",
                    1 => "a tuple",
                    2 | 3 => "a tuple of str",
                    _ => "a str",
                };
                return self.err(at, format!("{} is not {want}", CODE_FIELD_NAMES[i]));
            }
        }
        let (at, _) = fields[3];
        let names = self.str_items(fields[3].1).unwrap_or_default();
        let kinds = match self.leaf(fields[4].1) {
            Some(Leaf::Bytes(b)) => b.as_slice(),
            _ => &[],
        };
        if names.len() != kinds.len() {
            return self.err(
                at,
                format!("{} localsplus names but {} kinds", names.len(), kinds.len()),
            );
        }
        // 0: locals (some also cells), 1: other cells, 2: free variables.
        let mut stage = 0;
        for (name, &kind) in names.iter().zip(kinds) {
            let kind_stage = match kind {
                CO_FAST_LOCAL => 0,
                k if k == CO_FAST_LOCAL | CO_FAST_CELL => 0,
                CO_FAST_CELL => 1,
                CO_FAST_FREE => 2,
                other => return self.err(at, format!("localsplus kind 0x{other:02x} of {name:?}")),
            };
            if kind_stage < stage {
                return self.err(at, format!("localsplus name {name:?} out of order"));
            }
            stage = kind_stage;
        }
        Ok(())
    }

    fn complex(&self, real: f64, imag: f64, at: usize) -> Result<Leaf, MarshalError> {
        if real.to_bits() == 0 {
            Ok(Leaf::Complex(imag))
        } else {
            self.err(
                at,
                "a complex number with a real part is not a constant py_fn holds",
            )
        }
    }

    /// `TYPE_LONG`: a signed count of 15-bit digits, then the digits.
    fn long_object(&mut self) -> Result<Leaf, MarshalError> {
        let at = self.pos;
        let n = self.long()?;
        let negative = n < 0;
        let count = n.unsigned_abs() as usize;
        if count > MAX_LONG_DIGITS {
            return self.err(
                at,
                format!("integer of {count} digits is longer than py_fn reads ({MAX_LONG_DIGITS})"),
            );
        }
        let raw = self.take(count * 2, "long digits")?;
        let mut digits = Vec::with_capacity(count);
        for pair in raw.chunks_exact(2) {
            let d = u16::from_le_bytes([pair[0], pair[1]]);
            if d > 0x7fff {
                return self.err(at, "digit out of range in long");
            }
            digits.push(d);
        }
        if digits.last() == Some(&0) {
            return self.err(at, "unnormalized long data");
        }
        if digits.len() <= 5 {
            let magnitude = digits
                .iter()
                .rev()
                .fold(0i128, |acc, &d| (acc << 15) | i128::from(d));
            let value = if negative { -magnitude } else { magnitude };
            return Ok(match i64::try_from(value) {
                Ok(v) => Leaf::Int(v),
                Err(_) => Leaf::BigInt(value.to_string()),
            });
        }
        Ok(Leaf::BigInt(digits_to_decimal(negative, &digits)))
    }

    fn spend(&mut self, cost: usize) -> Result<(), MarshalError> {
        self.spent = self.spent.saturating_add(cost);
        if self.spent > self.budget {
            return self.err(0, "references copy more data than the input holds");
        }
        Ok(())
    }

    /// The value of `node`, copying what references share, with an
    /// explicit stack: a `Constant` is large, and 2,000 levels of
    /// recursion over it would not fit a small thread's stack.
    fn build(&mut self, root: usize) -> Result<Constant, MarshalError> {
        enum Task {
            Visit(usize),
            /// Pop this many values into a tuple.
            Tuple(usize),
            /// Pop this many values into a frozenset.
            FrozenSet(usize),
            /// Pop the ten field values of this code node.
            Code(usize),
        }
        let mut tasks = vec![Task::Visit(root)];
        let mut values: Vec<Constant> = Vec::new();
        while let Some(task) = tasks.pop() {
            match task {
                Task::Visit(node) => match self.nodes.get(node) {
                    Some(Node::Leaf(leaf)) => {
                        let (c, cost) = leaf.to_constant();
                        self.spend(cost)?;
                        values.push(c);
                    }
                    Some(Node::Tuple(items)) => {
                        tasks.push(Task::Tuple(items.len()));
                        tasks.extend(items.iter().rev().map(|&i| Task::Visit(i)));
                        self.spend(1 + items.len() / 8)?;
                    }
                    Some(Node::FrozenSet(items)) => {
                        tasks.push(Task::FrozenSet(items.len()));
                        tasks.extend(items.iter().rev().map(|&i| Task::Visit(i)));
                        self.spend(1 + items.len() / 8)?;
                    }
                    Some(Node::Code(code)) => {
                        tasks.push(Task::Code(node));
                        tasks.extend(code.fields.iter().rev().map(|&i| Task::Visit(i)));
                        self.spend(16)?;
                    }
                    None => return self.err(0, "internal: no such node"),
                },
                Task::Tuple(n) => {
                    let items = values.split_off(values.len().saturating_sub(n));
                    values.push(Constant::Tuple(Cow::Owned(items)));
                }
                Task::FrozenSet(n) => {
                    let items = values.split_off(values.len().saturating_sub(n));
                    values.push(Constant::FrozenSet(Cow::Owned(items)));
                }
                Task::Code(node) => {
                    let fields = values.split_off(values.len().saturating_sub(CODE_FIELDS));
                    let code = self.build_code(node, fields)?;
                    values.push(Constant::Code(Cow::Owned(code)));
                }
            }
        }
        match (values.pop(), values.is_empty()) {
            (Some(value), true) => Ok(value),
            _ => self.err(0, "internal: unbalanced build"),
        }
    }

    /// A code object's [`CodeData`] from its ten object fields, in order
    /// (their types were checked by `close`).
    fn build_code(&self, node: usize, fields: Vec<Constant>) -> Result<CodeData, MarshalError> {
        let (ints, firstlineno) = match self.nodes.get(node) {
            Some(Node::Code(code)) => (code.ints, code.firstlineno),
            _ => return self.err(0, "internal: not a code node"),
        };
        let mut strs: Vec<Str> = Vec::new();
        let mut bytes: Vec<Vec<u8>> = Vec::new();
        let mut tuples: Vec<Vec<Constant>> = Vec::new();
        for field in fields {
            match field {
                Constant::Str(s) => strs.push(s),
                Constant::Bytes(b) => bytes.push(b.into_owned()),
                Constant::Tuple(t) => tuples.push(t.into_owned()),
                _ => return self.err(0, "internal: code field of a wrong type"),
            }
        }
        // Fields by type, in order: bytes co_code, co_localspluskinds,
        // co_linetable, co_exceptiontable; tuples co_consts, co_names,
        // co_localsplusnames; strs co_filename, co_name, co_qualname.
        let (
            Ok([code, kinds, linetable, exceptiontable]),
            Ok([consts, names, plus_names]),
            Ok([filename, name, qualname]),
        ) = (
            <[Vec<u8>; 4]>::try_from(bytes),
            <[Vec<Constant>; 3]>::try_from(tuples),
            <[Str; 3]>::try_from(strs),
        )
        else {
            return self.err(0, "internal: code fields of wrong types");
        };
        let strings = |items: Vec<Constant>| -> Vec<Str> {
            items
                .into_iter()
                .filter_map(|c| match c {
                    Constant::Str(s) => Some(s),
                    _ => None,
                })
                .collect()
        };
        let mut varnames = Vec::new();
        let mut cellvars = Vec::new();
        let mut freevars = Vec::new();
        // `get_localsplus_names`: each kind bit puts the name in its list.
        for (name, kind) in strings(plus_names).into_iter().zip(kinds) {
            if kind & CO_FAST_LOCAL != 0 {
                varnames.push(name.clone());
            }
            if kind & CO_FAST_CELL != 0 {
                cellvars.push(name.clone());
            }
            if kind & CO_FAST_FREE != 0 {
                freevars.push(name);
            }
        }
        let [argcount, posonlyargcount, kwonlyargcount, stacksize, flags] = ints;
        Ok(CodeData {
            argcount,
            posonlyargcount,
            kwonlyargcount,
            stacksize,
            flags,
            code: Cow::Owned(code),
            consts: Cow::Owned(consts),
            names: Cow::Owned(strings(names)),
            varnames: Cow::Owned(varnames),
            cellvars: Cow::Owned(cellvars),
            freevars: Cow::Owned(freevars),
            filename,
            name,
            qualname,
            firstlineno,
            linetable: Cow::Owned(linetable),
            exceptiontable: Cow::Owned(exceptiontable),
        })
    }
}

/// `float(text)` for the texts old marshal versions wrote (`repr` of a
/// float: digits, `inf`, `nan`, signs, exponents).
fn parse_python_float(text: &str) -> Option<f64> {
    let t = text.trim();
    let (sign, body) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    let lower = body.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(sign * f64::NAN),
        _ => {}
    }
    if !body
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    body.parse::<f64>().ok().map(|x| sign * x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits_round_trip() {
        for text in [
            "0",
            "1",
            "-1",
            "32767",
            "32768",
            "-2147483649",
            "9223372036854775808",
            "-1267650600228229401496703205376",
            "123456789012345678901234567890123456789012345678901234567890",
        ] {
            let (negative, digits) = decimal_to_digits(text).unwrap();
            assert_eq!(digits_to_decimal(negative, &digits), text);
        }
        assert_eq!(decimal_to_digits("-0"), Some((false, vec![])));
        assert_eq!(decimal_to_digits(""), None);
        assert_eq!(decimal_to_digits("-"), None);
        assert_eq!(decimal_to_digits("1e3"), None);
        assert_eq!(decimal_to_digits("+1"), None);
    }

    #[test]
    fn two_to_the_100_has_cpythons_digits() {
        // marshal.dumps(-2**100): count -7, six zero digits, then 0x0400.
        let (negative, digits) = decimal_to_digits("-1267650600228229401496703205376").unwrap();
        assert!(negative);
        assert_eq!(digits, [0, 0, 0, 0, 0, 0, 0x400]);
    }
}
