//! `from __future__ import ...` at the top of a module (CPython 3.11's
//! `Python/future.c`): the features must be known and the imports must
//! come first. Runs after parsing, before the symbol table.

use crate::ast::{Constant, Expr, ExprKind, Loc, Module, Stmt, StmtKind};
use crate::error::{CompileError, CompileResult};

/// The features 3.11 accepts (`future_check_features`).
const FEATURES: [&str; 10] = [
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// `ERR_LATE_FUTURE`.
pub const LATE_FUTURE: &str = "from __future__ imports must occur at the beginning of the file";

/// What the future pass found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FutureFeatures {
    /// Line of the last leading `from __future__ import` (`ff_lineno`);
    /// 0 when there is none. A later `__future__` import is an error of
    /// the code generator.
    pub lineno: u32,
}

/// CPython reports these errors with an offset but no end: the end is
/// the start here.
fn at(line: u32, col: u32) -> Loc {
    Loc {
        line,
        col,
        end_line: line,
        end_col: col,
    }
}

fn is_docstring(stmt: Option<&Stmt>) -> bool {
    matches!(
        stmt.map(|s| &s.kind),
        Some(StmtKind::Expr(Expr {
            kind: ExprKind::Constant(Constant::Str(_)),
            ..
        }))
    )
}

/// `future_parse`: checks the leading `__future__` imports.
pub fn future_parse(module: &Module) -> CompileResult<FutureFeatures> {
    let mut ff = FutureFeatures::default();
    let skip = usize::from(is_docstring(module.body.first()));
    let mut done = false;
    let mut prev_line = 0;
    for s in module.body.iter().skip(skip) {
        if done && s.loc.line > prev_line {
            return Ok(ff);
        }
        prev_line = s.loc.line;
        match &s.kind {
            StmtKind::ImportFrom {
                module: Some(m),
                names,
                ..
            } if m == "__future__" => {
                if done {
                    // CPython passes the 0-based column as the offset here.
                    return Err(CompileError::syntax(
                        LATE_FUTURE,
                        at(s.loc.line, s.loc.col.saturating_sub(1)),
                    ));
                }
                for alias in names {
                    let msg = if alias.name == "braces" {
                        "not a chance".to_string()
                    } else if FEATURES.contains(&alias.name.as_str()) {
                        continue;
                    } else {
                        format!("future feature {} is not defined", alias.name)
                    };
                    return Err(CompileError::syntax(msg, at(s.loc.line, s.loc.col)));
                }
                ff.lineno = s.loc.line;
            }
            _ => done = true,
        }
    }
    Ok(ff)
}
