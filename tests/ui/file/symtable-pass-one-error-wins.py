def f():
    nonlocal x

def g(a):
    global a
