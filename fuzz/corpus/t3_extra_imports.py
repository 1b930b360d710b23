# imports of every shape with dis, types, sys and gc; unusual forms compiled but not run
import dis
import sys, gc
import types as t
from types import FunctionType, CodeType as CT
from gc import *
from sys import (maxsize,
                 byteorder as order)

def local_imports():
    import dis as d
    from types import SimpleNamespace
    return d.__name__, SimpleNamespace.__name__

def never_called():
    import os.path
    import os.path as p
    from os import path as q, sep
    from . import sibling
    from .. import parent as par
    from .pkg.sub import thing
    return os.path, p, q, sep, sibling, par, thing

print(t.FunctionType is FunctionType, CT is t.CodeType, isenabled())
print(local_imports(), maxsize > 0, order in ('little', 'big'))
print(never_called.__code__.co_names)
print(never_called.__code__.co_varnames)
print(local_imports.__code__.co_consts)
dis.dis(local_imports)
from . import missing
print('not reached')
