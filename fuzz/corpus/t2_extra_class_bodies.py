# class bodies: docstrings, decorators, super(), __class__, classes in functions, private names
def tag(cls):
    cls.tagged = True
    return cls

@tag
class Base:
    'A base class.'
    kind = 'base'
    __secret = 41
    def __init__(self, v):
        self.__v = v
    def reveal(self):
        return self.__secret + 1, self.__v
    def name(self):
        return 'Base'

class Child(Base):
    kind = 'child'
    def name(self):
        return 'Child<' + super().name() + '>'
    def cls(self):
        return __class__.__name__

def make(label):
    size = len(label)
    class Local:
        size_seen = size
        def describe(self):
            return label + '/' + str(size)
    return Local

class Outer:
    class Inner:
        def where(self):
            return 'inner'

c = Child(7)
print(Base.__doc__, Base.tagged, Base.kind, Child.kind)
print(c.reveal(), c.name(), c.cls(), Child.__qualname__)
L = make('abc')
print(L.size_seen, L().describe(), L.__qualname__, L.describe.__qualname__)
print(Outer.Inner().where(), Outer.Inner.where.__qualname__)
print(Child.name.__code__.co_freevars, Child.cls.__code__.co_freevars)
print(Base.reveal.__code__.co_names, make.__code__.co_cellvars)
