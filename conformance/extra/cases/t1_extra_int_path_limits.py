# The int path counts its own calls against the recursion limit and gives
# up to the generic body, which raises CPython's RecursionError at the same
# depth.


def deep_outer(k):
    def down(n):
        return 0 if n == 0 else down(n - 1) + 1
    return down(k)


def ub(n):
    if n > 0:
        x = n
    return x


print(ub(3))
print(deep_outer(997))
print(deep_outer(998))
