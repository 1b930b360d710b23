# More closures: decorators by hand, memo dict, nested nonlocal, defaults from enclosing.
def memoize(fn):
    cache = {}
    def wrapper(*args):
        if args in cache:
            return cache[args]
        value = fn(*args)
        cache[args] = value
        return value
    return wrapper

def slow_add(a, b):
    return a + b

fast_add = memoize(slow_add)
print(fast_add(1, 2), fast_add(1, 2), fast_add.__closure__[0].cell_contents)
print(fast_add.__code__.co_freevars, fast_add.__qualname__)

def outer():
    x = 0
    def middle():
        def inner():
            nonlocal x
            x += 1
            return x
        return inner
    return middle()

step = outer()
print(step(), step(), step.__code__.co_freevars)

def make(n):
    return lambda k=n * 2, *rest, sep=",", **kw: sep.join([str(k), str(len(rest)), str(len(kw))])

f = make(4)
print(f(), f(1, 2, 3, sep="-", a=1), f.__defaults__, f.__kwdefaults__)
print(sorted([3, 1, 2], key=lambda v: -v))
total = 0
def add_to_total(v):
    global total
    total = total + v
    return total
for v in range(5):
    add_to_total(v)
print(total, add_to_total.__code__.co_names)
a = [1, 2, 3]
a[1:2] = [7, 8]
b = a
b += [4]
print(a, a is b)
t = (1, 2)
u = t
u += (3,)
print(t, u, t is u)
print(1 == 1.0, hash(1) == hash(1.0), {1: "a", 1.0: "b", True: "c"})
print(round(2.5) if False else 2, 10 ** 20 // 3, -(10 ** 20) % 7, 2 ** 0.5 * 2 ** 0.5 == 2.0)
x = 10
def shadow():
    print(x)
    x = 5
shadow()
print("not reached")
