# Class scope rules from the Python reference (4.2.2): class names are not visible in methods or comprehensions.
class A:
    a = 42
    try:
        b = list(a + i for i in range(3))
    except NameError as e:
        b = 'NameError: ' + str(e)
    c = [i * 2 for i in range(a // 20)]

    def method(self):
        return a_global, self.a

a_global = 'module a'
print(A.b, A.c)
print(A().method())

def scope_test():
    def do_local():
        spam = 'local spam'

    def do_nonlocal():
        nonlocal spam
        spam = 'nonlocal spam'

    def do_global():
        global spam
        spam = 'global spam'

    spam = 'test spam'
    do_local()
    print('After local assignment:', spam)
    do_nonlocal()
    print('After nonlocal assignment:', spam)
    do_global()
    print('After global assignment:', spam)

scope_test()
print('In global scope:', spam)

class Dog:
    kind = 'canine'
    tricks = []

    def __init__(self, name):
        self.name = name

    def add_trick(self, trick):
        self.tricks.append(trick)

d = Dog('Fido')
e = Dog('Buddy')
d.add_trick('roll over')
e.add_trick('play dead')
print(d.kind, e.kind, d.name, e.name, d.tricks)

class Warehouse:
    purpose = 'storage'
    region = 'west'

w1 = Warehouse()
print(w1.purpose, w1.region)
w2 = Warehouse()
w2.region = 'east'
print(w2.purpose, w2.region, Warehouse.region)
print('method closure:', A.method.__closure__, A.method.__code__.co_names)
