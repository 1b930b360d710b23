# Lazy iteration: map/filter/reversed/zip/enumerate chains, iter(callable,
# sentinel), slices and objects with __reversed__ or the sequence protocol.
class Countdown:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError(i)
        return self.n - i

class Deck:
    def __init__(self, cards):
        self.cards = list(cards)
    def __reversed__(self):
        return iter(self.cards[::-1])

squares = map(lambda x: x * x, range(10))
evens = filter(lambda x: x % 2 == 0, squares)
print(type(squares).__name__, type(evens).__name__, list(evens), list(squares))
print(list(map(pow, [2, 3, 4], [5, 2])), list(map(str.upper, 'abc')))
print(list(reversed(Countdown(4))), list(Countdown(3)), list(reversed(Deck('xyz'))))
print(list(reversed(range(2, 20, 5))), list(reversed({'a': 1, 'b': 2}.items())))
state = {'n': 0}
def tick():
    state['n'] += 1
    return state['n']
print(list(iter(tick, 5)), state)
s = slice(1, None, 2)
print(s, s.indices(6), 'abcdef'[s], list(range(10))[slice(-3, None)])
for i, (a, b) in enumerate(zip('xyz', reversed('xyz')), start=1):
    print(i, a, b, end='; ')
print()
it = reversed([1, 2, 3])
print(next(it), list(it), next(it, 'done'))
print(sorted(filter(None, [0, 3, '', 'a', None, 2.5]), key=str))
print(dict.fromkeys('ab', 0), tuple('abca').count('a'), (1, 2, 3).index(3), range(0, 20, 5).index(15))
