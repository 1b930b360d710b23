# Pass-through free variables, globals at depth, and closures over loop variables.
g = "module"

def a():
    x = 1
    def b():
        def c():
            return x + 1
        return c
    return b

print(a()()(), a().__code__.co_freevars, a()().__code__.co_freevars)

def outer():
    global g
    g = "changed by outer"
    def inner():
        return g
    return inner

print(outer()(), g)

def counter_pair():
    n = 0
    def inc(by=1):
        nonlocal n
        n += by
        return n
    def dec(by=1):
        nonlocal n
        n -= by
        return n
    return inc, dec

inc, dec = counter_pair()
print(inc(), inc(5), dec(2), inc.__closure__[0] is dec.__closure__[0])

fs = []
for i in range(3):
    def f(k=i):
        return k * i
    fs.append(f)
print(fs[0](), fs[2](), fs[1].__defaults__)
