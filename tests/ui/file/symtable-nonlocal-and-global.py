def outer():
    x = 1
    def f():
        global x
        nonlocal x
    return f
