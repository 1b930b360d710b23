# Comprehension scope from the tutorial and reference: each comprehension is a function scope of its own.
x = 'outer x'
squares = [x ** 2 for x in range(5)]
print(squares, x)

matrix = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
print([[row[i] for row in matrix] for i in range(4)])
print(list(zip(*matrix)))

vec = [-4, -2, 0, 2, 4]
print([v * 2 for v in vec], [v for v in vec if v >= 0], [abs(v) for v in vec])
print([(v, v ** 2) for v in range(6)])
print([num for elem in [[1, 2, 3], [4, 5, 6], [7, 8, 9]] for num in elem])
print({n: n ** 2 for n in (2, 4, 6)})
print({c for c in 'abracadabra' if c not in 'abc'} == {'r', 'd'})

def make_multipliers():
    return [lambda n: i * n for i in range(4)]

print([m(2) for m in make_multipliers()])

def make_multipliers_fixed():
    return [lambda n, i=i: i * n for i in range(4)]

print([m(2) for m in make_multipliers_fixed()])

def outer(k):
    data = [k, k + 1]
    return [[k * d for d in data] for _ in range(2)]

print(outer(3))
print('listcomp varnames:', outer.__code__.co_consts[2].co_varnames if len(outer.__code__.co_consts) > 2 else None)
print('outer cellvars:', outer.__code__.co_cellvars)
total = sum([n for n in range(10) if n % 3 == 0])
print(total)
