# Argument-binding errors caught nowhere: the multiple-values form.
def make(prefix):
    def join(a, b=2, *rest, sep="-", **kw):
        return prefix + sep.join([str(a), str(b)] + list(rest))
    return join

j = make("p:")
print(j(1), j(1, 3), j(a=4, sep="+"), j.__code__.co_varnames, j.__code__.co_flags)
print(j.__defaults__, j.__kwdefaults__)
print(j(1, a=2))
print("not reached")
