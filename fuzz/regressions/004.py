# expect: ok
# CPython 3.11 compiles this: parameter 'ｘ' (fullwidth) is 'x' after NFKC.
# py_fn: SyntaxError: no binding for nonlocal 'x' found (symtable).
def f(ｘ):
    def g():
        nonlocal x
    return g
