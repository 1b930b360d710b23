def f(g):
    try:
        return g()
    finally:
        pass
