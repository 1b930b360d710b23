# Starred assignment targets, nested targets and unpacking errors.
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abc"
print(init, last)
a, *mid, z = range(5)
print(a, mid, z)
(p, *q), r = (1, 2, 3), 4
print(p, q, r)
def split(seq):
    head, *tail = seq
    def show():
        return str(head) + " then " + str(tail)
    return show
print(split((9, 8, 7))(), split([1])())
for x, *ys in [(1, 2, 3), (4,)]:
    print(x, ys)
h, *t, u = [1]
print("not reached")
