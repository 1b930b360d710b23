//! CPython 3.11's location table (`co_linetable`, `Objects/locations.md`):
//! encoding it from per-instruction positions, and decoding it back into
//! the line numbers `dis` prints.
//!
//! The table is a sequence of entries, each covering 1 to 8 code units. An
//! entry's first byte is `0x80 | code << 3 | (units - 1)`; `code` picks the
//! form: 0-9 short (same line, one more byte of columns), 10-12 one-line
//! (line delta `code - 10`, start and end column bytes), 13 no columns
//! (signed varint line delta), 14 long (signed line delta, end-line delta,
//! `col + 1`, `end_col + 1` as varints), 15 no location.

/// A source position of one instruction: lines 1-based, columns 0-based
/// (UTF-8 byte offsets, as CPython stores them: py_fn's AST counts
/// characters, and `py_fn_compiler::columns` turns a non-ASCII source's
/// columns into bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Start line.
    pub line: u32,
    /// End line.
    pub end_line: u32,
    /// Start column.
    pub col: u32,
    /// End column.
    pub end_col: u32,
}

/// One run of code units that share a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineEntry {
    /// Number of code units (2-byte words, inline caches included) covered.
    pub units: u32,
    /// The position, or `None` for instructions without a location
    /// (`COPY_FREE_VARS`, `MAKE_CELL`, ...).
    pub pos: Option<Position>,
}

/// A location as `co_positions()` reports it: `(line, end_line, col,
/// end_col)`, each `None` where CPython stores `-1`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// Start line (`None`: the instruction has no location).
    pub line: Option<u32>,
    /// End line.
    pub end_line: Option<u32>,
    /// Start column (0-based, UTF-8 bytes in CPython).
    pub col: Option<u32>,
    /// End column.
    pub end_col: Option<u32>,
}

impl Location {
    /// The location of an instruction that has none (form 15).
    pub const NONE: Location = Location {
        line: None,
        end_line: None,
        col: None,
        end_col: None,
    };
}

impl From<Option<Position>> for Location {
    fn from(pos: Option<Position>) -> Location {
        match pos {
            None => Location::NONE,
            Some(p) => Location {
                line: Some(p.line),
                end_line: Some(p.end_line),
                col: Some(p.col),
                end_col: Some(p.end_col),
            },
        }
    }
}

/// Form codes of the location table (`_PyCodeLocationInfoKind`).
const SHORT0: u8 = 0;
const ONE_LINE0: u8 = 10;
const NO_COLUMNS: u8 = 13;
const LONG: u8 = 14;
const NONE: u8 = 15;

/// Most code units one entry covers.
const MAX_UNITS: u32 = 8;

/// `co_linetable` for instructions at `entries`, starting from
/// `firstlineno`, exactly as CPython 3.11's assembler writes it.
///
/// CPython 3.11 writes one entry per instruction (it does not merge
/// neighbours with the same position), so to match its bytes pass one
/// [`LineEntry`] per instruction, its inline caches included in `units`.
/// Entries longer than 8 units are split.
pub fn encode(firstlineno: u32, entries: &[LineEntry]) -> Vec<u8> {
    let located: Vec<(u32, Location)> = entries
        .iter()
        .map(|e| (e.units, Location::from(e.pos)))
        .collect();
    encode_locations(firstlineno, &located)
}

/// Like [`encode`], for `(units, location)` pairs whose columns or end line
/// may be missing (`-1` in CPython), as `co_positions()` reports them.
pub fn encode_locations(firstlineno: u32, entries: &[(u32, Location)]) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::new(),
        lineno: i64::from(firstlineno),
    };
    for &(units, loc) in entries {
        // assemble_emit_location: split runs longer than 8 code units.
        let mut left = units;
        while left > MAX_UNITS {
            w.write_location_info_entry(&loc, MAX_UNITS);
            left -= MAX_UNITS;
        }
        if left > 0 {
            w.write_location_info_entry(&loc, left);
        }
    }
    w.out
}

/// The assembler's location-table writer state.
struct Writer {
    out: Vec<u8>,
    /// `a_lineno`: the line the next delta is relative to.
    lineno: i64,
}

impl Writer {
    fn first_byte(&mut self, code: u8, units: u32) {
        // units is 1..=8 here.
        let len = (units.saturating_sub(1) & 7) as u8;
        self.out.push(0x80 | (code << 3) | len);
    }

    fn varint(&mut self, mut val: u64) {
        while val >= 64 {
            self.out.push(64 | (val & 63) as u8);
            val >>= 6;
        }
        self.out.push(val as u8);
    }

    fn signed_varint(&mut self, val: i64) {
        let uval = if val < 0 {
            (val.unsigned_abs() << 1) | 1
        } else {
            (val as u64) << 1
        };
        self.varint(uval);
    }

    /// `write_location_info_entry` of CPython 3.11's `compile.c`.
    fn write_location_info_entry(&mut self, loc: &Location, units: u32) {
        let Some(line) = loc.line else {
            self.first_byte(NONE, units);
            return;
        };
        let line = i64::from(line);
        let end_line = loc.end_line.map(i64::from);
        let line_delta = line - self.lineno;
        match (loc.col, loc.end_col) {
            (Some(col), Some(end_col)) => {
                if end_line == Some(line) {
                    if line_delta == 0 && col < 80 && end_col >= col && end_col - col < 16 {
                        self.first_byte(SHORT0 + (col >> 3) as u8, units);
                        self.out.push((((col & 7) << 4) | (end_col - col)) as u8);
                        return;
                    }
                    if (0..3).contains(&line_delta) && col < 128 && end_col < 128 {
                        self.first_byte(ONE_LINE0 + line_delta as u8, units);
                        self.out.push(col as u8);
                        self.out.push(end_col as u8);
                        self.lineno = line;
                        return;
                    }
                }
            }
            _ => {
                if end_line.is_none() || end_line == Some(line) {
                    self.first_byte(NO_COLUMNS, units);
                    self.signed_varint(line_delta);
                    self.lineno = line;
                    return;
                }
            }
        }
        self.first_byte(LONG, units);
        self.signed_varint(line_delta);
        let end_delta = end_line.map_or(0, |e| (e - line).max(0));
        self.varint(end_delta as u64);
        self.varint(loc.col.map_or(0, |c| u64::from(c) + 1));
        self.varint(loc.end_col.map_or(0, |c| u64::from(c) + 1));
        self.lineno = line;
    }
}

/// One decoded entry of a location table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// Code units covered (1 to 8).
    pub units: u32,
    /// The entry's location.
    pub loc: Location,
}

/// Decode every entry of `linetable` (`advance_with_locations` in CPython
/// 3.11's `codeobject.c`). Decoding stops at the first malformed or
/// truncated entry.
pub fn decode(linetable: &[u8], firstlineno: u32) -> Vec<Decoded> {
    let mut r = Reader {
        bytes: linetable,
        at: 0,
    };
    let mut line = i64::from(firstlineno);
    let mut out = Vec::new();
    while let Some(first) = r.byte() {
        if first & 0x80 == 0 {
            break;
        }
        let code = (first >> 3) & 15;
        let units = u32::from(first & 7) + 1;
        let as_u32 = |v: i64| u32::try_from(v).ok();
        let loc = match code {
            NONE => Some(Location::NONE),
            LONG => (|| {
                line = line.saturating_add(r.signed_varint()?);
                let end = line.saturating_add(i64::try_from(r.varint()?).ok()?);
                let col = i64::try_from(r.varint()?).ok()? - 1;
                let end_col = i64::try_from(r.varint()?).ok()? - 1;
                Some(Location {
                    line: as_u32(line),
                    end_line: as_u32(end),
                    col: as_u32(col),
                    end_col: as_u32(end_col),
                })
            })(),
            NO_COLUMNS => r.signed_varint().map(|delta| {
                line = line.saturating_add(delta);
                Location {
                    line: as_u32(line),
                    end_line: as_u32(line),
                    col: None,
                    end_col: None,
                }
            }),
            10..=12 => {
                line = line.saturating_add(i64::from(code - ONE_LINE0));
                r.byte().zip(r.byte()).map(|(col, end_col)| Location {
                    line: as_u32(line),
                    end_line: as_u32(line),
                    col: Some(u32::from(col)),
                    end_col: Some(u32::from(end_col)),
                })
            }
            _ => r.byte().map(|second| {
                let col = u32::from(code) << 3 | u32::from(second >> 4);
                Location {
                    line: as_u32(line),
                    end_line: as_u32(line),
                    col: Some(col),
                    end_col: Some(col + u32::from(second & 15)),
                }
            }),
        };
        match loc {
            Some(loc) => out.push(Decoded { units, loc }),
            None => break,
        }
    }
    out
}

/// Checks that `linetable` is a sequence of complete entries (each starting
/// with a byte whose bit 7 is set); `Err` is the byte offset of the first
/// entry that is not.
///
/// ```
/// use py_fn_bytecode::linetable::{check, encode, LineEntry};
/// let table = encode(1, &[LineEntry { units: 3, pos: None }]);
/// assert_eq!(check(&table), Ok(()));
/// assert_eq!(check(&[0x80 | 14 << 3]), Err(0)); // a long entry without its varints
/// assert_eq!(check(&[0xF8, 0x05]), Err(1)); // a byte without bit 7 starts no entry
/// ```
pub fn check(linetable: &[u8]) -> Result<(), usize> {
    let mut r = Reader {
        bytes: linetable,
        at: 0,
    };
    while r.at < linetable.len() {
        let start = r.at;
        let complete = (|| {
            let first = r.byte()?;
            if first & 0x80 == 0 {
                return None;
            }
            match (first >> 3) & 15 {
                NONE => {}
                LONG => {
                    r.signed_varint()?;
                    r.varint()?;
                    r.varint()?;
                    r.varint()?;
                }
                NO_COLUMNS => {
                    r.signed_varint()?;
                }
                10..=12 => {
                    r.byte()?;
                    r.byte()?;
                }
                _ => {
                    r.byte()?;
                }
            }
            Some(())
        })();
        if complete.is_none() {
            return Err(start);
        }
    }
    Ok(())
}

/// A cursor over location-table bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = self.bytes.get(self.at).copied()?;
        self.at += 1;
        Some(b)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut read = self.byte()?;
        let mut val = u64::from(read & 63);
        let mut shift = 0u32;
        while read & 64 != 0 {
            read = self.byte()?;
            shift += 6;
            if shift >= 64 {
                return None;
            }
            val |= u64::from(read & 63) << shift;
        }
        Some(val)
    }

    fn signed_varint(&mut self) -> Option<i64> {
        let uval = self.varint()?;
        let magnitude = i64::try_from(uval >> 1).ok()?;
        Some(if uval & 1 != 0 { -magnitude } else { magnitude })
    }
}

/// `co_lines()`: `(start, end, line)` byte-offset ranges, one per table
/// entry, `line` `None` for entries without a location. Ranges past
/// `code_len_units` code units are clipped to the code's end.
pub fn lines(
    linetable: &[u8],
    firstlineno: u32,
    code_len_units: u32,
) -> Vec<(u32, u32, Option<u32>)> {
    let code_end = code_len_units.saturating_mul(2);
    let mut out = Vec::new();
    let mut start = 0u32;
    for d in decode(linetable, firstlineno) {
        if start >= code_end {
            break;
        }
        let end = start.saturating_add(d.units * 2).min(code_end);
        out.push((start, end, d.loc.line));
        start = end;
    }
    out
}

/// `co_positions()`: one [`Location`] per code unit (inline caches
/// included), for at most `code_len_units` units.
pub fn positions(linetable: &[u8], firstlineno: u32, code_len_units: u32) -> Vec<Location> {
    let mut out = Vec::new();
    for d in decode(linetable, firstlineno) {
        for _ in 0..d.units {
            if out.len() >= code_len_units as usize {
                return out;
            }
            out.push(d.loc);
        }
    }
    out
}

/// `dis.findlinestarts`: `(offset, line)` for each `co_lines()` range whose
/// line differs from the previous located one.
pub fn line_starts(linetable: &[u8], firstlineno: u32, code_len_units: u32) -> Vec<(u32, u32)> {
    let mut last = None;
    let mut out = Vec::new();
    for (start, _, line) in lines(linetable, firstlineno, code_len_units) {
        if let Some(line) = line {
            if last != Some(line) {
                last = Some(line);
                out.push((start, line));
            }
        }
    }
    out
}
