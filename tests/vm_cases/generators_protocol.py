# Generator protocol on the interpreter: send, throw, close, yield from
# delegation of send/throw/close, return values, and PEP 479.
import sys

def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            received.append(x)
    except GeneratorExit:
        print('closing with', received)
        raise
    finally:
        print('finally of echo')

g = echo()
print(next(g), g.send('a'), g.send('b'))
g.close()
print('closed again:', g.close())

def catcher():
    while True:
        try:
            yield 'ready'
        except ValueError as e:
            print('caught', e)
            yield 'after'

c = catcher()
print(next(c))
print(c.throw(ValueError('boom')))
print(next(c))
try:
    c.throw(KeyError, 'k')
except KeyError as e:
    print('escaped KeyError', repr(e))
try:
    next(c)
except StopIteration:
    print('catcher is done')

def inner():
    got = yield 1
    print('inner got', got)
    try:
        yield 2
    except ZeroDivisionError:
        print('inner caught ZeroDivisionError')
        yield 3
    return 'inner result'

def outer():
    result = yield from inner()
    print('outer got', result)
    yield 'outer done'

o = outer()
print(next(o), o.send('hello'), o.throw(ZeroDivisionError), next(o), next(o, 'end'))

def bad():
    yield 1
    raise StopIteration('leak')

b = bad()
next(b)
try:
    next(b)
except RuntimeError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__)

def running():
    yield r.gi_running

r = running()
print(next(r), r.gi_running)

def fresh():
    yield 1

f = fresh()
try:
    f.send(5)
except TypeError as e:
    print(e)

def handled():
    try:
        raise KeyError('inside')
    except KeyError:
        yield sys.exc_info()[0].__name__
        yield sys.exc_info()[0].__name__

h = handled()
print(next(h), sys.exc_info()[0], next(h))
print(list(x * 2 for x in range(3)), sum(i for i in [1, 2, 3]))
