//! Argument Clinic's argument parsing (`_PyArg_UnpackKeywords` of CPython
//! 3.11's `getargs.c`): positional and keyword arguments matched to a
//! builtin's parameters, with CPython's error texts.
//!
//! ```
//! use py_fn_runtime::{builtin, call_kw, Value};
//! let round = builtin("round").unwrap();
//! let err = call_kw(&round, &[Value::Float(1.5), Value::Int(2)], &["x"]).unwrap_err();
//! assert_eq!(err.to_string(), "TypeError: 'x' is an invalid keyword argument for round()");
//! ```

use crate::error::{PyErr, PyResult};
use crate::methods::Args;
use crate::value::Value;

/// The parameters of a builtin: their names (`""` for a positional-only
/// one), how many are required, and how many may be given by position.
pub(crate) struct Params<'n> {
    /// The function's name in the messages (`round`, `str.split`).
    pub fname: &'n str,
    /// Every parameter's name in order; `""` marks a positional-only one.
    pub names: &'n [&'n str],
    /// How many leading parameters are required.
    pub required: usize,
    /// How many leading parameters may be passed by position (the rest
    /// are keyword-only).
    pub maxpos: usize,
}

impl<'n> Params<'n> {
    /// Parameters that may all be given by position or keyword.
    pub(crate) const fn new(fname: &'n str, names: &'n [&'n str], required: usize) -> Params<'n> {
        Params {
            fname,
            names,
            required,
            maxpos: names.len(),
        }
    }

    /// The same parameters, the ones from `maxpos` on keyword-only.
    pub(crate) const fn kwonly_from(self, maxpos: usize) -> Params<'n> {
        Params { maxpos, ..self }
    }

    /// Matches `a` to the parameters: one slot per parameter, `None` when
    /// not given.
    pub(crate) fn unpack<'a>(&self, a: &Args<'a>) -> PyResult<Vec<Option<&'a Value>>> {
        let f = self.fname;
        let maxargs = self.names.len();
        let nargs = a.pos.len();
        let total = nargs + a.kw.len();
        if total > maxargs {
            return Err(PyErr::type_error(format!(
                "{f}() takes at most {maxargs} {}argument{} ({total} given)",
                if nargs == 0 { "keyword " } else { "" },
                if maxargs == 1 { "" } else { "s" },
            )));
        }
        if nargs > self.maxpos {
            return Err(PyErr::type_error(if self.maxpos == 0 {
                format!("{f}() takes no positional arguments")
            } else {
                format!(
                    "{f}() takes {} {} positional argument{} ({nargs} given)",
                    if self.required < self.maxpos {
                        "at most"
                    } else {
                        "exactly"
                    },
                    self.maxpos,
                    if self.maxpos == 1 { "" } else { "s" },
                )
            }));
        }
        let posonly = self.names.iter().take_while(|n| n.is_empty()).count();
        let minposonly = posonly.min(self.required);
        if nargs < minposonly {
            return Err(PyErr::type_error(format!(
                "{f}() takes {} {minposonly} positional argument{} ({nargs} given)",
                if self.maxpos > minposonly {
                    "at least"
                } else {
                    "exactly"
                },
                if minposonly == 1 { "" } else { "s" },
            )));
        }
        let mut out: Vec<Option<&'a Value>> = vec![None; maxargs];
        for (slot, v) in out.iter_mut().zip(a.pos) {
            *slot = Some(v);
        }
        let mut used = 0;
        for (i, name) in self.names.iter().enumerate().skip(nargs.max(posonly)) {
            let found = a.kwarg(name);
            if found.is_some() {
                used += 1;
            } else if i < self.required {
                return Err(PyErr::type_error(format!(
                    "{f}() missing required argument '{name}' (pos {})",
                    i + 1
                )));
            }
            if let Some(slot) = out.get_mut(i) {
                *slot = found;
            }
        }
        if used < a.kw.len() {
            for (i, name) in self.names.iter().enumerate().take(nargs).skip(posonly) {
                if a.kwarg(name).is_some() {
                    return Err(PyErr::type_error(format!(
                        "argument for {f}() given by name ('{name}') and position ({})",
                        i + 1
                    )));
                }
            }
            for (k, _) in &a.kw {
                let known = self
                    .names
                    .iter()
                    .enumerate()
                    .any(|(i, n)| i >= posonly && n == k);
                if !known {
                    return Err(PyErr::type_error(format!(
                        "'{k}' is an invalid keyword argument for {f}()"
                    )));
                }
            }
        }
        Ok(out)
    }
}
