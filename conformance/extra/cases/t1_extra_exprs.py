# Slices, negative indexes, nested displays, dict with unpacking, chained ops.
xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
print(xs[2:5], xs[:3], xs[7:], xs[::2], xs[::-1], xs[-3:-1], xs[1:8:3])
s = "hello world"
print(s[::-1], s[-5:], s[:-6], s[100:], s[3:1])
t = (1, 2, 3)
print(t[1:], t[::-1], t + (4,), t * 2, len(t))
d = {"a": 1, **{"b": 2, "c": 3}, "a": 10}
print(d, len(d), d["a"])
print([*xs[:2], *t], (*t, 0))
print(7 // 2, -7 // 2, 7 % -3, -7 % 3, 2 ** -1, 2 ** 100, (-2) ** 3)
print(10 / 4, 10 // 4.0, 3, 1e300 * 1e10, -0.0)
print(1 < 2 > 0 != 3, 1 if 0 else 2 if 0 else 3, not not [])
print(abs(-3.5), max([3, 1, 2]), min("bca"), sum(range(101)))
print(str(12345678901234567890 * 98765432109876543210))
print(int("-42") + int(7.9) + int(-7.9), float("-1.5e3"), bool(None))
x = 5
x **= 2
x //= 3
x %= 5
print(x)
