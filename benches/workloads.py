"""The closure workloads of the benchmark: each w*(n) runs one workload n times."""


def outer(y, z):
    def inner(x):
        return x * z + y
    return inner


def w1(n):
    inner = outer(2, 3)
    total = 0
    for i in range(n):
        total = inner(i)
    return total


def make_counter():
    count = 0
    def step():
        nonlocal count
        count += 1
        return count
    return step


def w2(n):
    step = make_counter()
    last = 0
    for _ in range(n):
        last = step()
    return last


def w3(n):
    fs = []
    for i in range(n):
        fs.append(lambda x, i=i: x + i)
    total = 0
    for f in fs:
        total += f(1)
    return total


def fib_outer(k):
    def fib(m):
        if m < 2:
            return m
        return fib(m - 1) + fib(m - 2)
    return fib(k)


def w4(n):
    last = 0
    for _ in range(n):
        last = fib_outer(20)
    return last


def w5(n):
    items = []
    def push(v):
        items.append(v)
    for i in range(n):
        push(i)
    return len(items)


def bind(a, b=2, *, c=3, d=4):
    return a + b + c + d


def w6(n):
    total = 0
    for i in range(n):
        total += bind(i, c=5) + bind(i, 1, d=2)
    return total


def factorial(k):
    r = 1
    for j in range(2, k + 1):
        r *= j
    return r


def w7(n):
    last = 0
    for _ in range(n):
        last = factorial(100)
    return last % 1000000007



def make_scaler(k):
    def scale(data):
        return [x * k for x in data if x % 3]
    return scale


def w8(n):
    scale = make_scaler(3)
    data = list(range(300))
    last = []
    for _ in range(n):
        last = scale(data)
    return sum(last)


class Acc:
    def __init__(self, start):
        self.total = start

    def add(self, v):
        self.total += v


def w9(n):
    acc = Acc(0)
    for i in range(n):
        acc.add(i)
    return acc.total
