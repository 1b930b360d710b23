def f():
    pass
nonlocal y
