# method calls and attribute lookups on instances stay right while classes change
class Acc:
    def __init__(self, start):
        self.total = start

    def add(self, v):
        self.total += v


def double_add(self, v):
    self.total += 2 * v


a = Acc(0)
for i in range(5):
    a.add(i)
print('plain', a.total)

# replacing a method on the class after calls
Acc.add = double_add
for i in range(5):
    a.add(i)
print('replaced', a.total)

# an instance attribute shadows the method
a.add = lambda v: print('shadow', v)
a.add(7)
del a.add
a.add(1)
print('unshadowed', a.total)

# deleting the method from the class
del Acc.add
try:
    a.add(1)
except AttributeError as e:
    print('deleted:', e)


def add_again(self, v):
    self.total -= v


Acc.add = add_again
a.add(3)
print('re-added', a.total)

# a property added to the class later takes over reads and writes
print('before property', a.total)
Acc.total = property(lambda self: 'prop-get', lambda self, v: print('prop-set', v))
print(a.total)
a.total = 5
try:
    a.add(1)
except TypeError as e:
    print('add through property:', type(e).__name__)
del Acc.total
print('after property', a.total)

# a class attribute replaced by a property at the same name
class Slot:
    x = 1

    def get(self):
        return self.x

    def put(self, v):
        self.x = v


s = Slot()
print(s.get())
s.put(2)
print(s.get(), Slot.x)
del s.x
print(s.get())
Slot.x = property(lambda self: 'px')
print(s.get())
try:
    s.put(3)
except AttributeError as e:
    print('put:', type(e).__name__)
Slot.x = 10
s.put(4)
print(s.get(), Slot.x)

# a subclass sees changes to its base
class Base:
    def who(self):
        return 'base'


class Mid(Base):
    pass


class Leaf(Mid):
    pass


leaf = Leaf()
print(leaf.who())
Mid.who = lambda self: 'mid'
print(leaf.who())
Base.who = lambda self: 'base2'
print(leaf.who())
del Mid.who
print(leaf.who())
try:
    leaf.extra()
except AttributeError as e:
    print('missing:', e)
Base.extra = lambda self, *args: ('extra', args)
print(leaf.extra())
print(leaf.extra(1, 2, 3, 4, 5))
Leaf.extra = staticmethod(lambda *args: ('static', args))
print(leaf.extra(1))
Leaf.extra = classmethod(lambda cls, *args: (cls.__name__, args))
print(leaf.extra(2))

# __getattr__ and __setattr__ defined after instances exist
class Late:
    pass


late = Late()
late.v = 1
try:
    late.nothing()
except AttributeError as e:
    print('late:', e)
Late.__getattr__ = lambda self, name: (lambda *args: (name, args))
print(late.nothing(1))
print(late.v)


def late_setattr(self, name, value):
    print('setattr', name, value)
    self.__dict__[name] = value * 10


Late.__setattr__ = late_setattr
late.v = 2
print(late.v)
del Late.__setattr__
late.v = 3
print(late.v)
del Late.__getattr__
try:
    late.nothing()
except AttributeError as e:
    print('late again:', e)

# a method that changes its own class while it runs
class SelfChange:
    def step(self):
        SelfChange.step = lambda self: 'second'
        return 'first'


sc = SelfChange()
print(sc.step(), sc.step(), sc.step())

# many names on one class
class Many:
    pass


for i in range(100):
    setattr(Many, 'm%d' % i, (lambda k: lambda self: k)(i))
many = Many()
print(sum(getattr(many, 'm%d' % i)() for i in range(100)))
print(many.m0(), many.m99())
for i in range(0, 100, 2):
    delattr(Many, 'm%d' % i)
print(hasattr(many, 'm0'), many.m1(), many.m99())

# exceptions with methods
class MyError(Exception):
    def describe(self):
        return 'my error ' + str(self.args)


err = MyError(1, 2)
print(err.describe())
MyError.describe = lambda self: 'changed'
print(err.describe())

# a bound method taken before the class changes keeps its function
class Keep:
    def f(self):
        return 'old'


k = Keep()
m = k.f
Keep.f = lambda self: 'new'
print(m(), k.f())
# instance __dict__ replaced wholesale
k.__dict__ = {'f': lambda: 'from dict'}
print(k.f())
k.__dict__ = {}
print(k.f())
