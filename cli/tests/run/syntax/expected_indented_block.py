# a function without a body
def f():
return 1

print(f())
