# try/finally interplay from the reference (8.4): finally runs on return, break and continue; its return wins.
def bool_return():
    try:
        return True
    finally:
        return False

print(bool_return())

def finally_sees(x):
    log = []
    try:
        log.append('try')
        if x == 0:
            return log, 'returned'
        if x == 1:
            raise ValueError('one')
        log.append('body end')
    except ValueError as e:
        log.append('except ' + str(e))
        return log, 'handled'
    else:
        log.append('else')
    finally:
        log.append('finally')
    return log, 'fell through'

for x in range(3):
    print(finally_sees(x))

def loops():
    out = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append('f' + str(i))
    return out

print(loops())

def nested(n):
    trail = []
    try:
        try:
            if n:
                raise KeyError(n)
            trail.append('inner ok')
        finally:
            trail.append('inner finally')
    except KeyError as k:
        trail.append('outer caught ' + repr(k))
    finally:
        trail.append('outer finally')
    return trail

print(nested(0))
print(nested(5))

def divide(x, y):
    try:
        result = x / y
    except ZeroDivisionError:
        print('division by zero!')
    else:
        print('result is', result)
    finally:
        print('executing finally clause')

divide(2, 1)
divide(2, 0)

def chained():
    try:
        try:
            {}['missing']
        except KeyError as exc:
            raise RuntimeError('Failed to open database') from exc
    except RuntimeError as err:
        return type(err.__cause__).__name__, str(err), err.__suppress_context__

print(chained())

def context():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise ValueError('during handling')
    except ValueError as err:
        return repr(err.__context__), err.__cause__

print(context())
try:
    divide('2', '1')
except TypeError as e:
    print('TypeError:', e)
