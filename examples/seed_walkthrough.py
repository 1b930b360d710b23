"""
Session 3 - Topic 3
===================
__code__, __closure__, and co_* Attributes (DEEP Dive)
"""

# ---------------------------------------------------
# 1. Code Object Overview
# ---------------------------------------------------
"""
A PyCodeObject stores bytecode + metadata:
  * co_code        – raw bytecode
  * co_argcount    – positional arg count
  * co_consts      – literal pool
  * co_names       – global / attr names
  * co_varnames    – local variable names
  * co_freevars    – names captured from outer scope
  * co_cellvars    – locals captured by inner funcs
  * co_stacksize   – VM stack depth needed
  * many more …
All exposed via function.__code__.
"""
# ---------------------------------------------------
# 2. Example function to inspect
# ---------------------------------------------------
def outer(a, b):
    x = a + b
    y = 42
    def inner(z):
        return x * z + y
    return inner

inner_fn = outer(2, 3)

# ---------------------------------------------------
# 3. The rest of the walkthrough is Rust: examples/seed_walkthrough.rs
# ---------------------------------------------------
