//! The abstract syntax tree, shaped like CPython 3.11's `Python/Python.asdl`.
//!
//! Every statement, expression, parameter and keyword keeps its source
//! position ([`Loc`]) so that symbol-table errors, code-object line numbers
//! and Rust spans can all be traced back to the Python text.
//!
//! Nodes of later tiers (classes, comprehensions, `try`, f-strings, `yield`,
//! ...) are part of the tree so the parser can read them and the later
//! stages can reject them with a precise "not supported yet" error instead of
//! a generic syntax error.

use num_bigint::BigInt;

/// A source range. Lines are 1-based; columns are 0-based counts of
/// characters (not bytes) from the start of the line; the end is exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    /// First line (1-based).
    pub line: u32,
    /// First column (0-based, in characters).
    pub col: u32,
    /// Last line (1-based).
    pub end_line: u32,
    /// Column just after the last character (0-based, in characters).
    pub end_col: u32,
}

impl Loc {
    /// A range from `self`'s start to `other`'s end.
    pub fn to(self, other: Loc) -> Loc {
        Loc {
            line: self.line,
            col: self.col,
            end_line: other.end_line,
            end_col: other.end_col,
        }
    }
}

/// A whole module (a `.py` file or the body of one `py_fn!` block).
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// Top-level statements in source order.
    pub body: Vec<Stmt>,
}

/// A statement with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    /// What kind of statement this is.
    pub kind: StmtKind,
    /// Where it is: from its first token to its last (for compound
    /// statements, the end of the last statement of the last block).
    pub loc: Loc,
}

/// The statement kinds of the py_fn subset (and of the tiers to come).
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `def name(args): body` (with decorators, tier 2).
    FunctionDef(Box<FunctionDef>),
    /// `class name(bases): body` (tier 2).
    ClassDef(Box<ClassDef>),
    /// `return` / `return value`.
    Return(Option<Expr>),
    /// `del a, b[0]` (tier 2).
    Delete(Vec<Expr>),
    /// `t1 = t2 = value`: `targets` in source order.
    Assign {
        /// The targets, left to right.
        targets: Vec<Expr>,
        /// The value, evaluated once.
        value: Expr,
    },
    /// `target op= value`.
    AugAssign {
        /// A `Name`, `Subscript` or `Attribute` in store context.
        target: Expr,
        /// The operator (`Add` for `+=`).
        op: Operator,
        /// The right-hand side.
        value: Expr,
    },
    /// `target: annotation = value` (parsed so it can be rejected cleanly).
    AnnAssign {
        /// The target.
        target: Expr,
        /// The annotation.
        annotation: Expr,
        /// The value, if any.
        value: Option<Expr>,
        /// True when the target is a plain name not in parentheses.
        simple: bool,
    },
    /// `for target in iter: body else: orelse`.
    For {
        /// The loop target (store context).
        target: Expr,
        /// The iterable.
        iter: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// The `else` block (tier 2), empty when absent.
        orelse: Vec<Stmt>,
    },
    /// `while test: body else: orelse`.
    While {
        /// The condition.
        test: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// The `else` block (tier 2), empty when absent.
        orelse: Vec<Stmt>,
    },
    /// `if test: body elif ...: ... else: orelse` (an `elif` is a nested `If`
    /// alone in `orelse`, as in CPython).
    If {
        /// The condition.
        test: Expr,
        /// The block run when the condition is true.
        body: Vec<Stmt>,
        /// The `elif`/`else` part, empty when absent.
        orelse: Vec<Stmt>,
    },
    /// `raise exc from cause` (tier 2).
    Raise {
        /// The exception, if any.
        exc: Option<Expr>,
        /// The cause, if any.
        cause: Option<Expr>,
    },
    /// `try: ... except ...: ... else: ... finally: ...` (tier 2).
    Try {
        /// The guarded block.
        body: Vec<Stmt>,
        /// The `except` clauses in order.
        handlers: Vec<ExceptHandler>,
        /// The `else` block.
        orelse: Vec<Stmt>,
        /// The `finally` block.
        finalbody: Vec<Stmt>,
    },
    /// `assert test, msg` (tier 2).
    Assert {
        /// The condition.
        test: Expr,
        /// The message, if any.
        msg: Option<Expr>,
    },
    /// `import a.b as c, d` (tier 3).
    Import(Vec<Alias>),
    /// `from module import a as b` (tier 3). `module` is `None` for `from . import x`.
    ImportFrom {
        /// The dotted module name.
        module: Option<String>,
        /// The imported names (`*` is an alias named `*`).
        names: Vec<Alias>,
        /// The number of leading dots.
        level: u32,
    },
    /// `global a, b`.
    Global(Vec<String>),
    /// `nonlocal a, b`.
    Nonlocal(Vec<String>),
    /// An expression used as a statement.
    Expr(Expr),
    /// `pass`.
    Pass,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
}

/// A `def` statement.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    /// The function's name.
    pub name: String,
    /// Its parameters.
    pub args: Arguments,
    /// The body (never empty).
    pub body: Vec<Stmt>,
    /// Decorators, top to bottom (tier 2).
    pub decorator_list: Vec<Expr>,
    /// The `-> annotation`, if any.
    pub returns: Option<Expr>,
}

/// A `class` statement (tier 2).
#[derive(Clone, Debug, PartialEq)]
pub struct ClassDef {
    /// The class name.
    pub name: String,
    /// Positional bases.
    pub bases: Vec<Expr>,
    /// Keyword arguments (`metaclass=...`).
    pub keywords: Vec<Keyword>,
    /// The class body.
    pub body: Vec<Stmt>,
    /// Decorators, top to bottom.
    pub decorator_list: Vec<Expr>,
}

/// One `except` clause (tier 2).
#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler {
    /// The exception type expression, `None` for a bare `except:`.
    pub type_: Option<Expr>,
    /// The `as name` binding.
    pub name: Option<String>,
    /// The handler body.
    pub body: Vec<Stmt>,
    /// Position of the whole clause.
    pub loc: Loc,
}

/// `name as asname` in an import.
#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    /// The (dotted) name.
    pub name: String,
    /// The `as` name.
    pub asname: Option<String>,
    /// Position of the alias.
    pub loc: Loc,
}

/// A parameter list, as CPython's `arguments` node.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Arguments {
    /// Parameters before `/`.
    pub posonlyargs: Vec<Arg>,
    /// Positional-or-keyword parameters.
    pub args: Vec<Arg>,
    /// `*args`.
    pub vararg: Option<Arg>,
    /// Keyword-only parameters (after `*` or `*args`).
    pub kwonlyargs: Vec<Arg>,
    /// One entry per keyword-only parameter: its default, if it has one.
    pub kw_defaults: Vec<Option<Expr>>,
    /// `**kwargs`.
    pub kwarg: Option<Arg>,
    /// Defaults of the last positional parameters (posonly + args), in order.
    pub defaults: Vec<Expr>,
}

/// One parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// Its name.
    pub name: String,
    /// Its annotation, if any.
    pub annotation: Option<Box<Expr>>,
    /// Its position (the name, and the annotation when present).
    pub loc: Loc,
}

/// `name=value` or `**value` in a call (or a class's bases).
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    /// The keyword, `None` for `**mapping`.
    pub arg: Option<String>,
    /// The value.
    pub value: Expr,
    /// Position of the whole keyword argument.
    pub loc: Loc,
}

/// One `for ... in ... if ...` clause of a comprehension (tier 2).
#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    /// The target (store context).
    pub target: Expr,
    /// The iterable.
    pub iter: Expr,
    /// The `if` conditions.
    pub ifs: Vec<Expr>,
}

/// An expression with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What kind of expression this is.
    pub kind: ExprKind,
    /// Where it is.
    pub loc: Loc,
}

/// Whether a name, attribute, subscript, tuple or list is read, written or deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExprContext {
    /// Read.
    Load,
    /// Assigned.
    Store,
    /// Deleted.
    Del,
}

/// Expression kinds.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `a and b and c` / `a or b`.
    BoolOp {
        /// `And` or `Or`.
        op: BoolOp,
        /// At least two operands.
        values: Vec<Expr>,
    },
    /// `(x := value)` (parsed, rejected until a tier brings it).
    NamedExpr {
        /// The target name.
        target: Box<Expr>,
        /// The value.
        value: Box<Expr>,
    },
    /// `left op right`.
    BinOp {
        /// Left operand.
        left: Box<Expr>,
        /// Operator.
        op: Operator,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `not x`, `-x`, `+x`, `~x`.
    UnaryOp {
        /// Operator.
        op: UnaryOp,
        /// Operand.
        operand: Box<Expr>,
    },
    /// `lambda args: body`.
    Lambda {
        /// Parameters.
        args: Box<Arguments>,
        /// The single body expression.
        body: Box<Expr>,
    },
    /// `body if test else orelse`.
    IfExp {
        /// Condition.
        test: Box<Expr>,
        /// Value when true.
        body: Box<Expr>,
        /// Value when false.
        orelse: Box<Expr>,
    },
    /// `{k: v, **m}`: a `None` key is a `**m` entry.
    Dict {
        /// Keys (`None` for `**mapping`).
        keys: Vec<Option<Expr>>,
        /// Values.
        values: Vec<Expr>,
    },
    /// `{a, b}` (tier 2).
    Set(Vec<Expr>),
    /// `[elt for ...]` (tier 2).
    ListComp {
        /// The element.
        elt: Box<Expr>,
        /// The `for` clauses.
        generators: Vec<Comprehension>,
    },
    /// `{elt for ...}` (tier 2).
    SetComp {
        /// The element.
        elt: Box<Expr>,
        /// The `for` clauses.
        generators: Vec<Comprehension>,
    },
    /// `{key: value for ...}` (tier 2).
    DictComp {
        /// The key.
        key: Box<Expr>,
        /// The value.
        value: Box<Expr>,
        /// The `for` clauses.
        generators: Vec<Comprehension>,
    },
    /// `(elt for ...)` (tier 2).
    GeneratorExp {
        /// The element.
        elt: Box<Expr>,
        /// The `for` clauses.
        generators: Vec<Comprehension>,
    },
    /// `yield` / `yield value` (tier 3).
    Yield(Option<Box<Expr>>),
    /// `yield from value` (tier 3).
    YieldFrom(Box<Expr>),
    /// `left op1 c1 op2 c2 ...`.
    Compare {
        /// First operand.
        left: Box<Expr>,
        /// Operators, one per comparator.
        ops: Vec<CmpOp>,
        /// The other operands.
        comparators: Vec<Expr>,
    },
    /// `func(args, keywords)`. `*x` arguments are `Starred` in `args`;
    /// `**m` arguments are keywords without `arg`.
    Call {
        /// The callee.
        func: Box<Expr>,
        /// Positional arguments (may contain `Starred`).
        args: Vec<Expr>,
        /// Keyword arguments and `**` unpackings, in source order.
        keywords: Vec<Keyword>,
    },
    /// `{value!conversion:format_spec}` inside an f-string (tier 2).
    FormattedValue {
        /// The value.
        value: Box<Expr>,
        /// `-1` none, `b's'`, `b'r'`, `b'a'` as in CPython.
        conversion: i32,
        /// The format spec (a `JoinedStr`), if any.
        format_spec: Option<Box<Expr>>,
    },
    /// An f-string (tier 2).
    JoinedStr(Vec<Expr>),
    /// A literal (after implicit concatenation of adjacent strings).
    Constant(Constant),
    /// `value.attr`.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute name.
        attr: String,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// `value[slice]`.
    Subscript {
        /// The container.
        value: Box<Expr>,
        /// The index: any expression, a `Slice`, or a `Tuple` of them.
        slice: Box<Expr>,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// `*value` in a call, display or assignment target.
    Starred {
        /// The starred expression.
        value: Box<Expr>,
        /// Load or store.
        ctx: ExprContext,
    },
    /// A name.
    Name {
        /// The identifier.
        id: String,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// `[a, b]`.
    List {
        /// Elements.
        elts: Vec<Expr>,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// `(a, b)` or `a, b`.
    Tuple {
        /// Elements.
        elts: Vec<Expr>,
        /// Load, store or delete.
        ctx: ExprContext,
    },
    /// `lower:upper:step` inside a subscript.
    Slice {
        /// Lower bound.
        lower: Option<Box<Expr>>,
        /// Upper bound.
        upper: Option<Box<Expr>>,
        /// Step.
        step: Option<Box<Expr>>,
    },
}

/// Literal values, as in CPython's `Constant` node.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer literal of any size.
    Int(BigInt),
    /// A float literal.
    Float(f64),
    /// An imaginary literal `3j` (real part 0).
    Complex(f64),
    /// A string literal (escapes already processed).
    Str(String),
    /// A bytes literal.
    Bytes(Vec<u8>),
    /// `...`.
    Ellipsis,
}

/// `and` / `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoolOp {
    /// `and`.
    And,
    /// `or`.
    Or,
}

/// Binary operators (also used by augmented assignment).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mult,
    /// `@`
    MatMult,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
    /// `//`
    FloorDiv,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `~`
    Invert,
    /// `not`
    Not,
    /// `+`
    UAdd,
    /// `-`
    USub,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

/// Dropping an expression never recurses: a 262,144-term `1 + 1 + ...`
/// (which the parser accepts, as CPython's does) would otherwise take one
/// stack frame per term and overflow a thread's stack. Children are moved
/// onto a heap stack and dropped one level at a time.
impl Drop for Expr {
    fn drop(&mut self) {
        if is_leaf(&self.kind) {
            return;
        }
        let mut pending = vec![std::mem::replace(&mut self.kind, LEAF)];
        while let Some(kind) = pending.pop() {
            detach_children(kind, &mut pending);
        }
    }
}

impl Expr {
    /// Takes the kind out (an `Expr` cannot be destructured by value: it
    /// implements `Drop`), leaving `None` behind.
    pub fn take_kind(&mut self) -> ExprKind {
        std::mem::replace(&mut self.kind, LEAF)
    }
}

/// The cheap kind left behind in a detached expression.
const LEAF: ExprKind = ExprKind::Constant(Constant::None);

fn is_leaf(kind: &ExprKind) -> bool {
    matches!(kind, ExprKind::Constant(_) | ExprKind::Name { .. })
}

/// Moves the kinds of `e`'s children onto `pending`, leaving `e` shallow.
fn detach(mut e: Expr, pending: &mut Vec<ExprKind>) {
    if !is_leaf(&e.kind) {
        pending.push(std::mem::replace(&mut e.kind, LEAF));
    }
}

fn detach_all(es: impl IntoIterator<Item = Expr>, pending: &mut Vec<ExprKind>) {
    for e in es {
        detach(e, pending);
    }
}

fn detach_boxed(es: impl IntoIterator<Item = Box<Expr>>, pending: &mut Vec<ExprKind>) {
    for e in es {
        detach(*e, pending);
    }
}

fn detach_generators(gens: Vec<Comprehension>, pending: &mut Vec<ExprKind>) {
    for g in gens {
        detach_all([g.target, g.iter], pending);
        detach_all(g.ifs, pending);
    }
}

fn detach_arguments(args: Arguments, pending: &mut Vec<ExprKind>) {
    let params = args
        .posonlyargs
        .into_iter()
        .chain(args.args)
        .chain(args.vararg)
        .chain(args.kwonlyargs)
        .chain(args.kwarg);
    detach_boxed(params.filter_map(|a| a.annotation), pending);
    detach_all(args.kw_defaults.into_iter().flatten(), pending);
    detach_all(args.defaults, pending);
}

/// Takes `kind` apart, moving every child expression's kind onto `pending`.
fn detach_children(kind: ExprKind, pending: &mut Vec<ExprKind>) {
    match kind {
        ExprKind::BoolOp { values, .. } => detach_all(values, pending),
        ExprKind::NamedExpr { target, value } => detach_boxed([target, value], pending),
        ExprKind::BinOp { left, right, .. } => detach_boxed([left, right], pending),
        ExprKind::UnaryOp { operand, .. } => detach_boxed([operand], pending),
        ExprKind::Lambda { args, body } => {
            detach_arguments(*args, pending);
            detach_boxed([body], pending);
        }
        ExprKind::IfExp { test, body, orelse } => detach_boxed([test, body, orelse], pending),
        ExprKind::Dict { keys, values } => {
            detach_all(keys.into_iter().flatten(), pending);
            detach_all(values, pending);
        }
        ExprKind::Set(elts) | ExprKind::JoinedStr(elts) => detach_all(elts, pending),
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => detach_all(elts, pending),
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            detach_boxed([elt], pending);
            detach_generators(generators, pending);
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            detach_boxed([key, value], pending);
            detach_generators(generators, pending);
        }
        ExprKind::Yield(value) => detach_boxed(value, pending),
        ExprKind::YieldFrom(value) => detach_boxed([value], pending),
        ExprKind::Compare {
            left, comparators, ..
        } => {
            detach_boxed([left], pending);
            detach_all(comparators, pending);
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            detach_boxed([func], pending);
            detach_all(args, pending);
            detach_all(keywords.into_iter().map(|k| k.value), pending);
        }
        ExprKind::FormattedValue {
            value, format_spec, ..
        } => {
            detach_boxed([value], pending);
            detach_boxed(format_spec, pending);
        }
        ExprKind::Attribute { value, .. } | ExprKind::Starred { value, .. } => {
            detach_boxed([value], pending)
        }
        ExprKind::Subscript { value, slice, .. } => detach_boxed([value, slice], pending),
        ExprKind::Slice { lower, upper, step } => {
            detach_boxed(lower.into_iter().chain(upper).chain(step), pending)
        }
        ExprKind::Constant(_) | ExprKind::Name { .. } => {}
    }
}
