# try/except/finally control flow on the interpreter: returns through
# finally, break and continue in handlers, chaining, bare raise, nesting.
def f(x):
    try:
        if x == 0:
            return 'zero'
        return 10 // x
    except ZeroDivisionError:
        return 'never'
    finally:
        print('finally', x)

print(f(0), f(5))

def loop():
    out = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append('f%d' % i)
    return out

print(loop())

def chain():
    try:
        try:
            {}['missing']
        except KeyError as e:
            raise ValueError('converted') from e
    except ValueError as e:
        return (type(e.__cause__).__name__, e.__suppress_context__, str(e))

print(chain())

def context():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise TypeError('during')
    except TypeError as e:
        return type(e.__context__).__name__

print(context())

def reraise():
    try:
        try:
            raise IndexError('first')
        except IndexError:
            raise
    except IndexError as e:
        return 'reraised ' + str(e)

print(reraise())

def nested_finally():
    log = []
    try:
        try:
            raise KeyError('k')
        finally:
            log.append('inner finally')
    except KeyError:
        log.append('outer except')
    else:
        log.append('else')
    finally:
        log.append('outer finally')
    return log

print(nested_finally())

class Custom(Exception):
    def __init__(self, code):
        super().__init__('code %d' % code)
        self.code = code

def raises_custom():
    try:
        raise Custom(7)
    except Custom as e:
        return e.code, str(e), e.args

print(raises_custom())

def deep(n):
    if n == 0:
        raise RuntimeError('bottom')
    try:
        return deep(n - 1)
    finally:
        pass

try:
    deep(50)
except RuntimeError as e:
    print('caught from depth', e)

def unbound():
    try:
        return y
    except NameError as e:
        return str(e)
    y = 1

print(unbound())
try:
    raise 5
except TypeError as e:
    print(e)
assert True, 'never'
try:
    assert 1 == 2, 'values differ'
except AssertionError as e:
    print('assert:', e)
print(1 / 0)
