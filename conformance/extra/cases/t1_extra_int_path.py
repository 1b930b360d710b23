# Functions that only compute with ints run on py_fn's int path; every
# case where that path gives up must still print what CPython prints.


def fib_outer(k):
    def fib(m):
        if m < 2:
            return m
        return fib(m - 1) + fib(m - 2)
    return fib(k)


def fact_outer(k):
    def fact(n):
        return 1 if n < 2 else n * fact(n - 1)
    return fact(k)


def gfib(n):
    return n if n < 2 else gfib(n - 1) + gfib(n - 2)


def make_swappable():
    def f(n):
        return g(n) + 1
    def g(n):
        return n * 2
    def swap():
        nonlocal g
        g = lambda n: n * 100
    return f, swap


def scaled(y):
    def inner(x):
        return x * y + 1
    return inner


def tri(n):
    t = 0
    i = 0
    while i < n:
        i += 1
        if i % 3 == 0:
            continue
        t += i
        if t > 10000:
            break
    return t


def divs(a, b):
    return a // b


def mods(a, b):
    return a % b


def shl(a, b):
    return a << b


def shr(a, b):
    return a >> b


def bits(a, b):
    return (a & b) | (a ^ ~b)


def ident(n):
    return n


def inc(n):
    return n + 1


def chain(a, b, c):
    if 0 <= a < b <= c and not a == c or b == 7:
        return 1
    return 0


def pick(a, b):
    return a or b, a and b


def por(a, b):
    return a or b


def pand(a, b):
    return a and b and 7


def even(n):
    return 1 if n == 0 else odd(n - 1)


def odd(n):
    return 0 if n == 0 else even(n - 1)


def twins():
    fs = []
    for _ in range(2):
        def f(n):
            return 0 if n == 0 else f(n - 1) + 1
        fs.append(f)
    return fs


def deep_outer(k):
    def down(n):
        return 0 if n == 0 else down(n - 1) + 1
    return down(k)


print(fib_outer(20), fib_outer(0), fib_outer(1))
print(fact_outer(20), fact_outer(21), fact_outer(25))
print(gfib(20))
f, swap = make_swappable()
print(f(3))
swap()
print(f(3))
print(scaled(3)(4), scaled(2 ** 62)(2))
print(tri(10), tri(1000))
print(divs(7, 2), divs(-7, 2), divs(7, -2), divs(-7, -2), divs(-9223372036854775808, -1))
print(mods(7, 2), mods(-7, 2), mods(7, -2), mods(-7, -2), mods(-9223372036854775808, -1))
print(shl(1, 3), shl(1, 70), shl(-3, 62), shl(0, 100), shr(-5, 1), shr(5, 100), shr(-5, 100))
print(bits(12, 10), bits(-12, 10))
print(ident(True), inc(True), ident(5), inc(9223372036854775807))
print(chain(1, 2, 3), chain(1, 2, 1), chain(3, 7, 0), chain(5, 2, 9))
print(pick(0, 5), pick(3, 5), por(0, 5), por(2, 5), pand(3, 5), pand(3, 0))
print(even(10), odd(7), even(7))
fs = twins()
print(fs[0](3), fs[1](4), fs[0] is fs[1])
print(deep_outer(900))
print(divs(1, 0))
