# A cell that holds something other than an int sends the int path back to
# the generic body, which raises CPython's TypeError.


def scaled(y):
    def inner(x):
        return x * y + 1
    return inner


def unbound():
    def inner(x):
        return x + later
    r = inner
    later = 1
    return r


print(scaled(3)(4), scaled(2 ** 62)(2), scaled(2.5)(2), scaled([1])(2) if False else 0)
print(unbound()(1))
print(scaled("ab")(2))
