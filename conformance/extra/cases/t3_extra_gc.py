# gc.collect() counts the objects of unreachable cycles as CPython does
import gc
gc.disable()
print(gc.isenabled(), gc.get_threshold(), gc.collect() >= 0)

def make(n):
    def rec(k):
        return 0 if k == 0 else rec(k - 1)
    return rec(n)

def siblings():
    def ping(k):
        return 0 if k == 0 else pong(k - 1)
    def pong(k):
        return ping(k)
    return ping(3)

def keep():
    def rec(k):
        return k if k < 2 else rec(k - 1) + rec(k - 2)
    return rec

class Node:
    def method(self):
        return self

make(5)
print('recursive closure', gc.collect())
siblings()
print('two siblings', gc.collect())
items = [1, 2]
items.append(items)
del items
print('list in itself', gc.collect())
a = []
b = [a]
a.append(b)
del a, b
print('two lists', gc.collect())
d = {'x': 1}
d['self'] = d
del d
print('dict in itself', gc.collect())
n = Node()
n.me = n
del n
print('instance', gc.collect())
n = Node()
n.again = n.method
del n
print('bound method', gc.collect())
t = []
t.append((t, 1))
del t
print('list and tuple', gc.collect())
fib = keep()
print('kept', gc.collect(), fib(10))
print('nothing', gc.collect(), gc.collect(0), gc.collect(generation=1))
gc.set_threshold(500, 5)
print(gc.get_threshold())
gc.enable()
print(gc.isenabled())
try:
    gc.collect(3)
except ValueError as e:
    print('ValueError', e)
