# Generators from the tutorial and the reference: state kept between next() calls, send, return values.
def reverse(data):
    for index in range(len(data) - 1, -1, -1):
        yield data[index]

for char in reverse('golf'):
    print(char, end=' ')
print()

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

g = fib()
print([next(g) for _ in range(10)])

def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            return total
        total += value

acc = accumulator()
print(next(acc), acc.send(5), acc.send(10))
try:
    acc.send(None)
except StopIteration as stop:
    print('final', stop.value)

def delegate():
    result = yield from accumulator()
    yield 'inner returned ' + str(result)

d = delegate()
print(next(d), d.send(3), d.send(None))

def counter(limit):
    count = 0
    def step():
        nonlocal count
        count += 1
        return count
    while count < limit:
        yield step()

print(list(counter(4)))
print(sum(i * i for i in range(10)))
xvec = [10, 20, 30]
yvec = [7, 5, 3]
print(sum(x * y for x, y in zip(xvec, yvec)))
gen = reverse('ab')
print(type(gen).__name__, gen.__name__, gen.__qualname__)
print(list(gen), list(gen))
print('fib flags:', fib.__code__.co_flags)
