def f(n):
    yield n
