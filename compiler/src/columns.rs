//! Columns in code objects are UTF-8 byte offsets, as CPython's
//! `co_positions()` reports them; the AST (and every error message) counts
//! characters. The two agree on ASCII lines; for a source with other
//! characters, the code generator's line tables are rewritten once, here,
//! with each column turned into its byte offset on its line.

use py_fn_bytecode::code::Constant;
use py_fn_bytecode::linetable::{decode, encode_locations, Location};
use py_fn_bytecode::CodeData;

/// For each line (1-based) that is not ASCII, the byte offset of every
/// character position, from 0 to the line's length.
pub struct ColumnMap {
    lines: Vec<Option<Vec<u32>>>,
}

impl ColumnMap {
    /// The map of `source`, or `None` when it is ASCII (nothing to do).
    pub fn new(source: &str) -> Option<ColumnMap> {
        if source.is_ascii() {
            return None;
        }
        let mut lines = Vec::new();
        // The lexer's line ends: "\r\n", "\r" or "\n".
        for line in source.split('\n') {
            for part in split_cr(line) {
                lines.push((!part.is_ascii()).then(|| byte_offsets(part)));
            }
        }
        Some(ColumnMap { lines })
    }

    /// The byte offset of character column `col` on `line`.
    fn byte_col(&self, line: u32, col: u32) -> u32 {
        let index = (line as usize).wrapping_sub(1);
        match self.lines.get(index) {
            Some(Some(offsets)) => match offsets.get(col as usize) {
                Some(&b) => b,
                // Past the end: one byte per further column.
                None => {
                    let last = offsets.last().copied().unwrap_or(0);
                    let past = col.saturating_sub(offsets.len().saturating_sub(1) as u32);
                    last.saturating_add(past)
                }
            },
            _ => col,
        }
    }

    /// One location, its columns in bytes.
    fn location(&self, loc: Location) -> Location {
        Location {
            col: match (loc.line, loc.col) {
                (Some(line), Some(col)) => Some(self.byte_col(line, col)),
                (_, col) => col,
            },
            end_col: match (loc.end_line, loc.end_col) {
                (Some(line), Some(col)) => Some(self.byte_col(line, col)),
                (_, col) => col,
            },
            ..loc
        }
    }

    /// Rewrites the line table of `code` and of every code object nested
    /// in its constants.
    pub fn apply(&self, code: &mut CodeData) {
        let entries: Vec<(u32, Location)> = decode(&code.linetable, code.firstlineno)
            .into_iter()
            .map(|d| (d.units, self.location(d.loc)))
            .collect();
        code.linetable = encode_locations(code.firstlineno, &entries).into();
        for c in code.consts.to_mut().iter_mut() {
            if let Constant::Code(inner) = c {
                self.apply(inner.to_mut());
            }
        }
    }
}

/// A line split at lone carriage returns (a trailing one of "\r\n" ends the
/// line without starting another).
fn split_cr(line: &str) -> impl Iterator<Item = &str> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    line.split('\r')
}

/// The byte offset of each character of `line`, and of its end.
fn byte_offsets(line: &str) -> Vec<u32> {
    let mut out: Vec<u32> = line.char_indices().map(|(b, _)| b as u32).collect();
    out.push(line.len() as u32);
    out
}
