# Stacked decorators and decorator factories, applied bottom-up as the reference says.
order = []

def trace(tag):
    def decorate(func):
        order.append('decorate ' + tag)
        def wrapper(*args, **kwargs):
            order.append('enter ' + tag)
            result = func(*args, **kwargs)
            order.append('leave ' + tag)
            return result
        wrapper.__name__ = func.__name__ + '_' + tag
        return wrapper
    order.append('factory ' + tag)
    return decorate

@trace('outer')
@trace('inner')
def add(a, b=10):
    return a + b

print(order)
order.clear()
print(add(1), add(1, b=2))
print(order)
print(add.__name__, add.__qualname__)
print('outer wrapper freevars:', add.__code__.co_freevars)

def twice(func):
    def run(x):
        return func(func(x))
    return run

def plus_one(x):
    return x + 1

@twice
@twice
def inc(x):
    return x + 1

print(inc(0), twice(plus_one)(5))

class Registry:
    names = []

    @staticmethod
    def register(func):
        Registry.names.append(func.__name__)
        return func

    @classmethod
    def count(cls):
        return len(cls.names)

@Registry.register
def alpha():
    return 'a'

@Registry.register
def beta():
    return 'b'

print(Registry.names, Registry.count(), alpha(), beta())
