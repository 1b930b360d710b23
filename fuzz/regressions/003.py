# expect: ok
# CPython 3.11 compiles this: identifiers are NFKC-normalised, so 'ℌ' is 'H'.
# py_fn: SyntaxError: no binding for nonlocal 'ℌ' found (symtable).
def f():
    H = 1
    def g():
        nonlocal ℌ
        ℌ = 2
    return g
