//! The oracle's JSON form of code objects (`shared/oracle/oracle.py`), written
//! byte for byte like `json.dumps(obj, indent=2, ensure_ascii=False)`, and a
//! small JSON reader that keeps the key order of objects.

use crate::code::{CodeData, Constant};
use crate::dis::disassemble;

/// A JSON value. Objects keep their keys in source order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number without fraction or exponent that fits in `i64`.
    Int(i64),
    /// Any other number (also `NaN`, `Infinity`, `-Infinity`, which Python's
    /// `json` module reads and writes).
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in order (a repeated key keeps its first place and its
    /// last value, like a Python `dict`).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value of `key` in an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(items) => items.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of an integer.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries of an object.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(items) => Some(items),
            _ => None,
        }
    }

    /// `json.dumps(value, indent=2, ensure_ascii=False)` (no trailing newline).
    pub fn dumps(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, 0);
        out
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}

impl From<i64> for Json {
    fn from(i: i64) -> Json {
        Json::Int(i)
    }
}

impl From<u32> for Json {
    fn from(i: u32) -> Json {
        Json::Int(i64::from(i))
    }
}

// ------------------------------------------------------------------ writing

/// Python's `json` string encoding with `ensure_ascii=False`
/// (`py_encode_basestring`): `"`, `\`, `\n`, `\r`, `\t`, `\b`, `\f` escaped,
/// other controls below U+0020 as `\u00XX`, everything else as is.
pub fn encode_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn newline_indent(out: &mut String, level: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', 2 * level));
}

fn write_value(out: &mut String, value: &Json, level: usize) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(true) => out.push_str("true"),
        Json::Bool(false) => out.push_str("false"),
        Json::Int(i) => out.push_str(&i.to_string()),
        Json::Float(x) => {
            if x.is_nan() {
                out.push_str("NaN");
            } else if x.is_infinite() {
                out.push_str(if *x > 0.0 { "Infinity" } else { "-Infinity" });
            } else {
                out.push_str(&crate::repr::float_repr(*x));
            }
        }
        Json::Str(s) => encode_str(out, s),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline_indent(out, level + 1);
                write_value(out, item, level + 1);
            }
            newline_indent(out, level);
            out.push(']');
        }
        Json::Object(items) if items.is_empty() => out.push_str("{}"),
        Json::Object(items) => {
            out.push('{');
            for (i, (key, item)) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline_indent(out, level + 1);
                encode_str(out, key);
                out.push_str(": ");
                write_value(out, item, level + 1);
            }
            newline_indent(out, level);
            out.push('}');
        }
    }
}

// ------------------------------------------------------------ code objects

/// The oracle's `consts` entry: `repr()`, code objects as `<code QUALNAME>`.
pub fn const_repr(c: &Constant) -> String {
    match c {
        Constant::Code(code) => format!("<code {}>", code.qualname),
        other => other.repr(),
    }
}

fn str_list<'a, I: IntoIterator<Item = &'a str>>(items: I) -> Json {
    Json::Array(items.into_iter().map(Json::from).collect())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One code object as the oracle describes it (`describe` in `oracle.py`):
/// the fields `name` ... `dis` in the oracle's order.
pub fn code_object_json(code: &CodeData) -> Json {
    let fields: Vec<(&str, Json)> = vec![
        ("name", Json::from(code.name.as_ref())),
        ("qualname", Json::from(code.qualname.as_ref())),
        ("firstlineno", Json::from(code.firstlineno)),
        ("argcount", Json::from(code.argcount)),
        ("posonlyargcount", Json::from(code.posonlyargcount)),
        ("kwonlyargcount", Json::from(code.kwonlyargcount)),
        ("nlocals", Json::from(code.nlocals())),
        ("stacksize", Json::from(code.stacksize)),
        ("flags", Json::from(code.flags)),
        ("flag_names", str_list(code.flag_names())),
        (
            "varnames",
            str_list(code.varnames.iter().map(|s| s.as_ref())),
        ),
        (
            "cellvars",
            str_list(code.cellvars.iter().map(|s| s.as_ref())),
        ),
        (
            "freevars",
            str_list(code.freevars.iter().map(|s| s.as_ref())),
        ),
        ("names", str_list(code.names.iter().map(|s| s.as_ref()))),
        (
            "consts",
            Json::Array(
                code.consts
                    .iter()
                    .map(|c| Json::Str(const_repr(c)))
                    .collect(),
            ),
        ),
        ("code", Json::Str(hex(&code.code))),
        ("exceptiontable", Json::Str(hex(&code.exceptiontable))),
        ("dis", Json::Str(disassemble(code))),
    ];
    Json::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// `code` and the code objects nested in it, depth-first in `co_consts`
/// order (`walk` in `oracle.py`).
pub fn walk(code: &CodeData) -> Vec<&CodeData> {
    let mut out = vec![code];
    for c in code.consts.iter() {
        if let Constant::Code(inner) = c {
            out.extend(walk(inner));
        }
    }
    out
}

/// The oracle's `NAME.code.json` text for the module code object `module`
/// of case file `case` (`"t1_basic_closure.py"`), trailing newline included.
pub fn case_json(case: &str, module: &CodeData) -> String {
    let objects = walk(module).into_iter().map(code_object_json).collect();
    let doc = Json::Object(vec![
        ("case".to_string(), Json::from(case)),
        ("code_objects".to_string(), Json::Array(objects)),
    ]);
    let mut text = doc.dumps();
    text.push('\n');
    text
}

// ------------------------------------------------------------------ reading

/// Deepest nesting of arrays and objects [`parse`] accepts.
const MAX_DEPTH: usize = 512;

/// Parse JSON text as Python's `json.loads` does (also `NaN`, `Infinity`,
/// `-Infinity`); the error says what is wrong and at which byte offset.
/// Integers outside `i64` become [`Json::Float`].
pub fn parse(text: &str) -> Result<Json, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        at: 0,
    };
    p.ws();
    let value = p.value(0)?;
    p.ws();
    if p.at != p.s.len() {
        return Err(p.error("extra data"));
    }
    Ok(value)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.at)
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &str) -> bool {
        if self
            .s
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word.as_bytes()))
        {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        match self.peek() {
            None => Err(self.error("expecting value")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => {
                if self.eat("-Infinity") {
                    Ok(Json::Float(f64::NEG_INFINITY))
                } else {
                    self.number()
                }
            }
            Some(_) => {
                if self.eat("null") {
                    Ok(Json::Null)
                } else if self.eat("true") {
                    Ok(Json::Bool(true))
                } else if self.eat("false") {
                    Ok(Json::Bool(false))
                } else if self.eat("NaN") {
                    Ok(Json::Float(f64::NAN))
                } else if self.eat("Infinity") {
                    Ok(Json::Float(f64::INFINITY))
                } else {
                    Err(self.error("expecting value"))
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, String> {
        self.at += 1; // '{'
        let mut items: Vec<(String, Json)> = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Json::Object(items));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expecting property name enclosed in double quotes"));
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expecting ':' delimiter"));
            }
            self.at += 1;
            self.ws();
            let value = self.value(depth + 1)?;
            match items.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => items.push((key, value)),
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Json::Object(items));
                }
                _ => return Err(self.error("expecting ',' delimiter")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, String> {
        self.at += 1; // '['
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error("expecting ',' delimiter")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid \\uXXXX escape"))?;
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\uXXXX escape"))
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy the run of plain characters up to the next quote,
            // backslash or control character.
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(self.text.get(start..self.at).unwrap_or(""));
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let esc = self
                        .peek()
                        .ok_or_else(|| self.error("unterminated string"))?;
                    self.at += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) && self.eat("\\u") {
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(self.error("unpaired surrogate"));
                                }
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            }
                            let c = char::from_u32(cp)
                                .ok_or_else(|| self.error("unpaired surrogate"))?;
                            out.push(c);
                        }
                        _ => return Err(self.error("invalid \\escape")),
                    }
                }
                Some(_) => return Err(self.error("invalid control character")),
            }
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.at += 1;
                }
            }
            _ => return Err(self.error("expecting value")),
        }
        let mut is_float = false;
        if self.peek() == Some(b'.') && matches!(self.s.get(self.at + 1), Some(b'0'..=b'9')) {
            is_float = true;
            self.at += 1;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.at += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let mark = self.at;
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if matches!(self.peek(), Some(b'0'..=b'9')) {
                is_float = true;
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.at += 1;
                }
            } else {
                // Python's number pattern stops before a bare `e`.
                self.at = mark;
            }
        }
        let text = self.text.get(start..self.at).unwrap_or("");
        if !is_float {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Json::Int(i));
            }
        }
        text.parse::<f64>()
            .map(Json::Float)
            .map_err(|_| self.error("invalid number"))
    }
}
