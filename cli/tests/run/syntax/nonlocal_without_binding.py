# nonlocal needs a binding in an enclosing function
def outer():
    def inner():
        nonlocal count
        count += 1
    return inner
