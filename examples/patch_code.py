"""Code objects as data: a patch that changes a closure's result, and a
malformed one that raises instead of crashing (CPython 3.11 dies with a
segmentation fault on the second)."""
import types

def outer(a, b):
    x = a + b
    y = 42
    def inner(z):
        return x * z + y
    return inner

print('outer(2, 3)(10) =', outer(2, 3)(10))

# Patch outer's constant 42 -> 99 and rebuild the function around the new code.
code = outer.__code__
consts = tuple(99 if c == 42 else c for c in code.co_consts)
patched_outer = types.FunctionType(code.replace(co_consts=consts), globals(), 'patched_outer')
print('patched_outer(2, 3)(10) =', patched_outer(2, 3)(10))

# A malformed patch: outer's code without its constants. Its LOAD_CONSTs now
# index past the end of co_consts; py_fn's verifier rejects the code object.
try:
    broken = types.FunctionType(code.replace(co_consts=()), globals(), 'broken')
    print(broken(2, 3))
except (SystemError, ValueError) as e:
    print(type(e).__name__ + ':', e)
