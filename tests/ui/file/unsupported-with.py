def f(path):
    with open(path) as f:
        return f
