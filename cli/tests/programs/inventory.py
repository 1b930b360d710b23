# An inventory with a small exception hierarchy: custom errors deriving
# from builtin ones, OSError subclasses chosen by errno, exception
# attributes, sys.version_info checks, vars()/dir() on instances.
import sys

class InventoryError(Exception):
    pass

class OutOfStock(InventoryError, LookupError):
    def __init__(self, item, wanted, have):
        super().__init__(item, wanted, have)
        self.item = item

class Item:
    def __init__(self, name, price, qty):
        self.name, self.price, self.qty = name, price, qty
    def __repr__(self):
        return f'Item({self.name!r}, {self.price}, {self.qty})'

stock = {i.name: i for i in [Item('apple', 0.5, 10), Item('pear', 0.75, 0), Item('fig', 2.25, 3)]}

def take(name, n):
    try:
        item = stock[name]
    except KeyError as e:
        raise InventoryError(f'unknown item {e}') from e
    if item.qty < n:
        raise OutOfStock(name, n, item.qty)
    item.qty -= n
    return round(item.price * n, 2)

for name, n in [('apple', 3), ('pear', 1), ('kiwi', 2), ('fig', 3)]:
    try:
        print(name, n, '->', take(name, n))
    except OutOfStock as e:
        print('out of stock:', e.item, e.args, isinstance(e, LookupError))
    except InventoryError as e:
        print('error:', e, '| cause:', repr(e.__cause__))

def load(path):
    if not path.endswith('.csv'):
        raise OSError(21, 'Is a directory', path)
    raise OSError(2, 'No such file or directory', path)

for path in ['stock.csv', 'data/']:
    try:
        load(path)
    except FileNotFoundError as e:
        print('missing:', e.errno, e.strerror, e.filename, '|', e)
    except OSError as e:
        print(type(e).__name__, e.args, str(e))

try:
    raise TimeoutError(110, 'timed out')
except IOError as e:
    print('caught as IOError:', type(e).__name__, e.errno, issubclass(type(e), EnvironmentError))

print('python is new enough:', sys.version_info >= (3, 8), sys.version_info[:2])
major, minor, *_ = sys.version_info
print(f'{major}.{minor}', sys.version_info.releaselevel)
apple = stock['apple']
print(sorted(vars(apple)), [n for n in dir(apple) if not n.startswith('_')])
print('values:', list(map(lambda i: i.qty, stock.values())))
print('cheap:', [i.name for i in filter(lambda i: i.price < 1, stock.values())])
total = sum(i.price * i.qty for i in stock.values())
print('worth:', round(total, 2), f'{total:.3f}', divmod(int(total * 100), 100))
