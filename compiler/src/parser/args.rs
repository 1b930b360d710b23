//! Parameter lists of `def` and `lambda` (`params` / `lambda_params`).

use super::{PResult, Parser};
use crate::ast::{Arg, Arguments, Loc};
use crate::error::CompileError;
use crate::lexer::TokKind;

impl Parser {
    /// Parses parameters up to `)` (or `:` for a lambda) without consuming it.
    pub(crate) fn params(&mut self, lambda: bool) -> PResult<Arguments> {
        let mut a = Arguments::default();
        let mut positional: Vec<Arg> = Vec::new();
        let mut seen_slash = false;
        let mut star: Option<Loc> = None;
        let mut seen_default = false;
        let mut nd_error_allowed = true;
        let end = if lambda { ":" } else { ")" };
        loop {
            if self.at_op(end) {
                break;
            }
            let loc = self.loc();
            if self.at_op("/") {
                if seen_slash {
                    return Err(CompileError::syntax("/ may appear only once", loc));
                }
                if star.is_some() {
                    return Err(CompileError::syntax("/ must be ahead of *", loc));
                }
                if positional.is_empty() {
                    if !matches!(self.peek_quiet(1), TokKind::Op(",")) {
                        return Err(self.invalid());
                    }
                    return Err(CompileError::syntax(
                        "at least one argument must precede /",
                        loc,
                    ));
                }
                self.bump();
                if self.at_op("*") {
                    let l = self.loc();
                    return Err(CompileError::syntax("expected comma between / and *", l));
                }
                seen_slash = true;
                if !seen_default {
                    // After `a, /` CPython has no "non-default argument" rule.
                    nd_error_allowed = false;
                }
                a.posonlyargs = std::mem::take(&mut positional);
            } else if self.at_op("**") {
                self.bump();
                let arg = self.param(lambda)?;
                if self.at_op("=") {
                    let l = self.loc();
                    return Err(CompileError::syntax(
                        "var-keyword argument cannot have default value",
                        l,
                    ));
                }
                a.kwarg = Some(arg);
                if self.eat_op(",") && !self.at_op(end) {
                    let l = self.loc();
                    let l = match self.kind() {
                        TokKind::Name(_) => l,
                        _ => l,
                    };
                    return Err(CompileError::syntax(
                        "arguments cannot follow var-keyword argument",
                        l,
                    ));
                }
                break;
            } else if self.at_op("*") {
                if star.is_some() {
                    return Err(CompileError::syntax("* argument may appear only once", loc));
                }
                self.bump();
                star = Some(loc);
                if matches!(self.kind(), TokKind::Name(_)) {
                    let arg = self.param(lambda)?;
                    if self.at_op("=") {
                        let l = self.loc();
                        return Err(CompileError::syntax(
                            "var-positional argument cannot have default value",
                            l,
                        ));
                    }
                    a.vararg = Some(arg);
                } else if self.at_op(end)
                    || (self.at_op(",")
                        && matches!(self.peek_n(1).kind, TokKind::Op(o) if o == end))
                {
                    return Err(CompileError::syntax(
                        "named arguments must follow bare *",
                        loc,
                    ));
                } else if !self.at_op(",") {
                    return Err(self.invalid());
                }
            } else {
                let arg = self.param(lambda)?;
                let default = if self.at_op("=") {
                    let eq = self.loc();
                    self.bump();
                    if !lambda && (self.at_op(",") || self.at_op(")")) {
                        return Err(CompileError::syntax(
                            "expected default value expression",
                            eq,
                        ));
                    }
                    Some(self.expression()?)
                } else {
                    None
                };
                // `param_no_default` ends with `,` or the closing token.
                let ends = self.at_op(",") || self.at_op(end);
                if star.is_some() {
                    a.kwonlyargs.push(arg);
                    a.kw_defaults.push(default);
                } else {
                    match default {
                        Some(d) => {
                            seen_default = true;
                            a.defaults.push(d);
                        }
                        None if seen_default && ends && !nd_error_allowed => {
                            return Err(self.invalid());
                        }
                        None if seen_default && ends => {
                            return Err(CompileError::syntax(
                                "non-default argument follows default argument",
                                arg.loc,
                            ));
                        }
                        None => {}
                    }
                    positional.push(arg);
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        if let Some(l) = star {
            if a.vararg.is_none() && a.kwonlyargs.is_empty() {
                return Err(CompileError::syntax(
                    "named arguments must follow bare *",
                    l,
                ));
            }
        }
        a.args = positional;
        Ok(a)
    }

    /// `param: NAME [':' expression]` (no annotation in a lambda).
    fn param(&mut self, lambda: bool) -> PResult<Arg> {
        let (name, loc) = self.name()?;
        if !lambda && self.eat_op(":") {
            let ann = self.expression()?;
            let l = loc.to(self.prev_loc());
            return Ok(Arg {
                name,
                annotation: Some(Box::new(ann)),
                loc: l,
            });
        }
        Ok(Arg {
            name,
            annotation: None,
            loc,
        })
    }
}
