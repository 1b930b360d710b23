# generators: yield, yield from, return values, yield inside try/finally
import dis

def counter(n):
    i = 0
    while i < n:
        got = yield i
        if got is not None:
            i = got
        i += 1
    return 'done'

def delegate(n):
    result = yield from counter(n)
    yield result

def guarded(log):
    try:
        yield 'a'
        yield 'b'
    finally:
        log.append('closed')

def handler():
    try:
        yield 1
    except ValueError as e:
        yield 'caught ' + str(e)

def simple():
    x = yield
    yield x

print(list(counter(3)), list(delegate(2)))
g = counter(10)
print(next(g), g.send(5), next(g))
log = []
gg = guarded(log)
print(next(gg), log)
gg.close()
print(log)
h = handler()
print(next(h), h.throw(ValueError('bad')))
s = simple()
next(s)
print(s.send(42))
print(counter.__code__.co_flags, delegate.__code__.co_stacksize)
dis.dis(delegate)
dis.dis(guarded)
