# del of names in every scope, subscripts, attributes; for/else and while/else
class Box:
    pass

g1, g2 = 1, 2
del g1
def del_local():
    a, b = 1, 2
    del a
    items = [1, 2, 3, 4]
    del items[0], items[-1]
    d = {'k': 1, 'j': 2}
    del d['k']
    box = Box()
    box.attr = 5
    del box.attr
    try:
        return b, items, d, box.attr
    except AttributeError:
        return b, items, d, 'no attr'
def del_cell():
    x = 10
    def read():
        return x
    del x
    try:
        return read()
    except NameError as e:
        return str(e)
def del_global():
    global g2
    del g2
    try:
        return g2
    except NameError as e:
        return str(e)
def search(items, wanted):
    for i, item in enumerate(items):
        if item == wanted:
            break
    else:
        return -1
    return i
def countdown(n):
    steps = []
    while n > 0:
        n -= 1
        if n == 99:
            break
        steps.append(n)
    else:
        steps.append('liftoff')
    return steps
print(del_local(), del_cell(), del_global())
print(search([5, 6, 7], 6), search([5], 9), countdown(3))
print(del_cell.__code__.co_cellvars, del_local.__code__.co_varnames)
try:
    print(g1)
except NameError as e:
    print(e)
