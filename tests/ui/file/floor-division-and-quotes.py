def f(x):
    s = 'it' + "'s"
    return x // 2

break
