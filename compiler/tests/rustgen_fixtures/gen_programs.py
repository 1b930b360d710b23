#!/usr/bin/env python3
"""Writes programs.rs: each program of programs.txt (separated by lines
holding only '# ---') as a py_fn AST built from python3's own `ast` module,
so the rustgen tests do not depend on the py_fn parser.

Run from this directory with CPython 3.11: python3 gen_programs.py
"""
import ast, struct, sys

assert sys.version_info[:2] == (3, 11), "needs CPython 3.11"


def s(text):
    out = []
    for ch in text:
        if ch in '"\\':
            out.append('\\' + ch)
        elif 32 <= ord(ch) < 127:
            out.append(ch)
        else:
            out.append('\\u{%x}' % ord(ch))
    return '"' + ''.join(out) + '".to_string()'


def loc(n):
    return 'l(%d,%d,%d,%d)' % (n.lineno, n.col_offset, n.end_lineno, n.end_col_offset)


def vec(items):
    return 'vec![' + ','.join(items) + ']'


def opt(x, f):
    return 'None' if x is None else 'Some(%s)' % f(x)


def name_of(op):
    return type(op).__name__


CTX = {'Load': 'Load', 'Store': 'Store', 'Del': 'Del'}


def const(v):
    if v is None: return 'Constant::None'
    if v is Ellipsis: return 'Constant::Ellipsis'
    if isinstance(v, bool): return 'Constant::Bool(%s)' % str(v).lower()
    if isinstance(v, int): return 'Constant::Int("%d".parse().unwrap())' % v
    if isinstance(v, float): return 'Constant::Float(f64::from_bits(%du64))' % struct.unpack('<Q', struct.pack('<d', v))[0]
    if isinstance(v, complex): return 'Constant::Complex(f64::from_bits(%du64))' % struct.unpack('<Q', struct.pack('<d', v.imag))[0]
    if isinstance(v, str): return 'Constant::Str(%s)' % s(v)
    if isinstance(v, bytes): return 'Constant::Bytes(vec![%s])' % ','.join(map(str, v))
    raise ValueError(v)


def arg(a):
    return 'Arg{name:%s,annotation:%s,loc:%s}' % (s(a.arg), opt(a.annotation, lambda e: 'Box::new(%s)' % expr(e)), loc(a))


def arguments(a):
    return ('Arguments{posonlyargs:%s,args:%s,vararg:%s,kwonlyargs:%s,kw_defaults:%s,kwarg:%s,defaults:%s}'
            % (vec(map(arg, a.posonlyargs)), vec(map(arg, a.args)), opt(a.vararg, arg),
               vec(map(arg, a.kwonlyargs)), vec(opt(d, expr) for d in a.kw_defaults),
               opt(a.kwarg, arg), vec(map(expr, a.defaults))))


def keyword(k):
    return 'Keyword{arg:%s,value:%s,loc:%s}' % (opt(k.arg, s), expr(k.value), loc(k))


def b(e):
    return 'Box::new(%s)' % expr(e)


def comp(c):
    return 'Comprehension{target:%s,iter:%s,ifs:%s}' % (expr(c.target), expr(c.iter), vec(map(expr, c.ifs)))


def expr(e):
    t = type(e).__name__
    if t == 'BoolOp': k = 'BoolOp{op:BoolOp::%s,values:%s}' % (name_of(e.op), vec(map(expr, e.values)))
    elif t == 'NamedExpr': k = 'NamedExpr{target:%s,value:%s}' % (b(e.target), b(e.value))
    elif t == 'BinOp': k = 'BinOp{left:%s,op:Operator::%s,right:%s}' % (b(e.left), name_of(e.op), b(e.right))
    elif t == 'UnaryOp': k = 'UnaryOp{op:UnaryOp::%s,operand:%s}' % (name_of(e.op), b(e.operand))
    elif t == 'Lambda': k = 'Lambda{args:Box::new(%s),body:%s}' % (arguments(e.args), b(e.body))
    elif t == 'IfExp': k = 'IfExp{test:%s,body:%s,orelse:%s}' % (b(e.test), b(e.body), b(e.orelse))
    elif t == 'Dict': k = 'Dict{keys:%s,values:%s}' % (vec(opt(x, expr) for x in e.keys), vec(map(expr, e.values)))
    elif t == 'Set': k = 'Set(%s)' % vec(map(expr, e.elts))
    elif t == 'ListComp': k = 'ListComp{elt:%s,generators:%s}' % (b(e.elt), vec(map(comp, e.generators)))
    elif t == 'GeneratorExp': k = 'GeneratorExp{elt:%s,generators:%s}' % (b(e.elt), vec(map(comp, e.generators)))
    elif t == 'Yield': k = 'Yield(%s)' % opt(e.value, b)
    elif t == 'Compare': k = 'Compare{left:%s,ops:%s,comparators:%s}' % (b(e.left), vec('CmpOp::' + name_of(o) for o in e.ops), vec(map(expr, e.comparators)))
    elif t == 'Call': k = 'Call{func:%s,args:%s,keywords:%s}' % (b(e.func), vec(map(expr, e.args)), vec(map(keyword, e.keywords)))
    elif t == 'JoinedStr': k = 'JoinedStr(%s)' % vec(map(expr, e.values))
    elif t == 'FormattedValue': k = 'FormattedValue{value:%s,conversion:%d,format_spec:%s}' % (b(e.value), e.conversion, opt(e.format_spec, b))
    elif t == 'Constant': k = 'Constant(%s)' % const(e.value)
    elif t == 'Attribute': k = 'Attribute{value:%s,attr:%s,ctx:ExprContext::%s}' % (b(e.value), s(e.attr), name_of(e.ctx))
    elif t == 'Subscript': k = 'Subscript{value:%s,slice:%s,ctx:ExprContext::%s}' % (b(e.value), b(e.slice), name_of(e.ctx))
    elif t == 'Starred': k = 'Starred{value:%s,ctx:ExprContext::%s}' % (b(e.value), name_of(e.ctx))
    elif t == 'Name': k = 'Name{id:%s,ctx:ExprContext::%s}' % (s(e.id), name_of(e.ctx))
    elif t in ('List', 'Tuple'): k = '%s{elts:%s,ctx:ExprContext::%s}' % (t, vec(map(expr, e.elts)), name_of(e.ctx))
    elif t == 'Slice': k = 'Slice{lower:%s,upper:%s,step:%s}' % (opt(e.lower, b), opt(e.upper, b), opt(e.step, b))
    else: raise ValueError(t)
    return 'Expr{kind:ExprKind::%s,loc:%s}' % (k, loc(e))


def block(body):
    return vec(map(stmt, body))


def stmt(n):
    t = type(n).__name__
    if t == 'FunctionDef':
        k = ('FunctionDef(Box::new(FunctionDef{name:%s,args:%s,body:%s,decorator_list:%s,returns:%s}))'
             % (s(n.name), arguments(n.args), block(n.body), vec(map(expr, n.decorator_list)), opt(n.returns, expr)))
    elif t == 'ClassDef':
        k = ('ClassDef(Box::new(ClassDef{name:%s,bases:%s,keywords:%s,body:%s,decorator_list:%s}))'
             % (s(n.name), vec(map(expr, n.bases)), vec(map(keyword, n.keywords)), block(n.body), vec(map(expr, n.decorator_list))))
    elif t == 'Return': k = 'Return(%s)' % opt(n.value, expr)
    elif t == 'Delete': k = 'Delete(%s)' % vec(map(expr, n.targets))
    elif t == 'Assign': k = 'Assign{targets:%s,value:%s}' % (vec(map(expr, n.targets)), expr(n.value))
    elif t == 'AugAssign': k = 'AugAssign{target:%s,op:Operator::%s,value:%s}' % (expr(n.target), name_of(n.op), expr(n.value))
    elif t == 'For': k = 'For{target:%s,iter:%s,body:%s,orelse:%s}' % (expr(n.target), expr(n.iter), block(n.body), block(n.orelse))
    elif t == 'While': k = 'While{test:%s,body:%s,orelse:%s}' % (expr(n.test), block(n.body), block(n.orelse))
    elif t == 'If': k = 'If{test:%s,body:%s,orelse:%s}' % (expr(n.test), block(n.body), block(n.orelse))
    elif t == 'Raise': k = 'Raise{exc:%s,cause:%s}' % (opt(n.exc, expr), opt(n.cause, expr))
    elif t == 'Global': k = 'Global(%s)' % vec(map(s, n.names))
    elif t == 'Nonlocal': k = 'Nonlocal(%s)' % vec(map(s, n.names))
    elif t == 'Expr': k = 'Expr(%s)' % expr(n.value)
    elif t in ('Pass', 'Break', 'Continue'): k = t
    elif t == 'Import': k = 'Import(%s)' % vec('Alias{name:%s,asname:%s,loc:%s}' % (s(a.name), opt(a.asname, s), loc(a)) for a in n.names)
    else: raise ValueError(t)
    return 'Stmt{kind:StmtKind::%s,loc:%s}' % (k, loc(n))


def main():
    text = open('programs.txt').read()
    programs = [p.strip('\n') + '\n' for p in text.split('\n# ---\n') if p.strip()]
    out = ['// @generated by gen_programs.py from programs.txt with CPython 3.11; do not edit.',
           '#![allow(clippy::all, dead_code)]',
           'use py_fn_compiler::ast::*;',
           'fn l(a: u32, b: u32, c: u32, d: u32) -> Loc { Loc { line: a, col: b, end_line: c, end_col: d } }',
           '/// Every program of programs.txt: (source, AST).',
           'pub fn programs() -> Vec<(&\'static str, Module)> { vec![']
    for p in programs:
        tree = ast.parse(p)
        src = s(p)[:-len('.to_string()')]
        out.append('(%s, Module{body:%s}),' % (src, block(tree.body)))
    out.append(']}')
    open('programs.rs', 'w').write('\n'.join(out) + '\n')


main()
