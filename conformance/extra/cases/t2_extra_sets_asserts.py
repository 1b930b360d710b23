# set displays, frozenset constants for in-tests and for-loops, assert statements
def member(x):
    return x in {1, 2, 3}, x not in {10, 20}

def loop_over_constant_set():
    total = 0
    for v in {4, 8, 15}:
        total += v
    return total

def displays(a, b, xs):
    small = {a, b}
    big = {1, 2, 3, a}
    unpacked = {*xs, a}
    return len(small), len(big), sorted(unpacked)

def checked(n):
    assert n >= 0
    assert n < 100, 'too big: ' + str(n)
    return n * 2

def assert_message(n):
    try:
        checked(n)
    except AssertionError as e:
        return 'failed: ' + str(e)
    return 'passed'

print(member(2), member(10))
print(loop_over_constant_set(), displays(1, 2, [3, 3, 4]))
print(sorted({5, 3, 9}), len({1, 1, 1}))
print(checked(4), assert_message(150), assert_message(-1))
print(member.__code__.co_consts)
print(loop_over_constant_set.__code__.co_consts)
assert checked(1) == 3, 'checked(1) is ' + str(checked(1))
print('not reached')
