def f():
    from dis import *
