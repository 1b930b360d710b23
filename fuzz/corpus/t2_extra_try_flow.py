# try/finally with return, break and continue at every depth, and try in loops
log = []
def ret_through_two_finally(x):
    try:
        try:
            return x * 2
        finally:
            log.append('inner')
    finally:
        log.append('outer')
def finally_overrides(x):
    try:
        return x
    finally:
        if x > 1:
            return -x
def loop_exits(items):
    out = []
    for item in items:
        try:
            if item == 'skip':
                continue
            if item == 'stop':
                break
            out.append(item)
        finally:
            out.append('f')
    else:
        out.append('else')
    return out
def while_in_try(n):
    total = 0
    try:
        while n:
            n -= 1
            try:
                if n == 2:
                    continue
                total += n
            finally:
                total += 100
    finally:
        total = -total
    return total
def continue_in_finally(n):
    seen = []
    for i in range(n):
        try:
            seen.append(i)
        finally:
            continue
    return seen
print(ret_through_two_finally(21), log)
print(finally_overrides(1), finally_overrides(5))
print(loop_exits(['a', 'skip', 'b', 'stop', 'c']))
print(loop_exits(['a']))
print(while_in_try(4))
print(continue_in_finally(3))
print(ret_through_two_finally.__code__.co_varnames, while_in_try.__code__.co_stacksize)
