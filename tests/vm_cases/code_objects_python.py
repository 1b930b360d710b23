# Code objects as data from Python code running on the interpreter:
# replace, CodeType, FunctionType over other globals, __code__ assignment,
# the verifier's errors, and super()/__class__ in methods made that way.
import types, sys

def make(base):
    def add(x, step=1):
        return base + x * step * 10
    return add

add = make(100)
code = add.__code__
print(add(2), code.co_freevars, code.co_consts)

tripled = types.FunctionType(code.replace(co_consts=(None, 3)), globals(), 'tripled', (1,), add.__closure__)
print(tripled(2), tripled.__name__, tripled.__qualname__, tripled.__defaults__)

def plain(y):
    return y + offset

offset = 1
other = {'offset': 1000}
shifted = types.FunctionType(plain.__code__, other, 'shifted')
print(plain(1), shifted(1), shifted.__globals__ is other)

def donor(y):
    return y * 2

plain.__code__ = donor.__code__
print(plain(21), plain.__name__, plain.__code__.co_name)

same = types.CodeType(
    code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount,
    code.co_nlocals, code.co_stacksize, code.co_flags, code.co_code,
    code.co_consts, code.co_names, code.co_varnames, code.co_filename,
    code.co_name, code.co_qualname, code.co_firstlineno, code.co_linetable,
    code.co_exceptiontable, code.co_freevars, code.co_cellvars)
rebuilt = types.FunctionType(same, globals(), None, (2,), add.__closure__)
print(rebuilt(5), same.co_name, same.co_freevars)

try:
    types.FunctionType(code.replace(co_names=('x',), co_code=b'\x00'), globals())
except ValueError as e:
    print('ValueError')

class Base:
    def hello(self):
        return 'base hello'

class Child(Base):
    def hello(self):
        return 'child and ' + super().hello()
    @classmethod
    def make(cls):
        return cls.__name__
    @staticmethod
    def static(a):
        return a * 3

print(Child().hello(), Child.make(), Child.static(4), Child.hello.__qualname__)
print(type(Child.hello.__code__).__name__, Child.hello.__code__.co_freevars)

def counter():
    n = 0
    class Inner:
        count = n
        def bump(self):
            nonlocal n
            n += 1
            return n
    return Inner

Inner = counter()
i = Inner()
print(Inner.count, i.bump(), i.bump())

def recurse(n):
    return recurse(n + 1)

try:
    recurse(0)
except RecursionError as e:
    print('RecursionError:', e)
print(sys.version_info >= (3, 11), globals()['offset'])
