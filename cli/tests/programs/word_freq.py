# Word frequencies of a text: normalising with casefold/translate,
# counting in a dict, ranking with sorted(key=...), a table with ljust/rjust.
TEXT = """It was the best of times, it was the worst of times;
it was the age of wisdom, it was the age of foolishness...
Straße und STRASSE: the same word once casefolded!"""

punct = str.maketrans({c: ' ' for c in ',.;:!?'})
counts = {}
for line in TEXT.splitlines():
    for word in line.translate(punct).casefold().split():
        counts[word] = counts.get(word, 0) + 1

ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
width = max(map(len, counts))
print('word'.ljust(width), 'n'.rjust(3))
print('-' * (width + 4))
for word, n in ranked[:8]:
    print(word.ljust(width), str(n).rjust(3))
print('distinct:', len(counts), 'total:', sum(counts.values()))
longest = max(counts, key=len)
print(f'longest: {longest!r} ({len(longest)} letters)', longest.title(), longest.upper())
vowels = list(filter(lambda w: w[0] in 'aeiou', sorted(counts)))
print('start with a vowel:', ', '.join(vowels))
print('reversed ranks:', [w for w, _ in reversed(ranked[-3:])])
print('centered:', '[' + 'report'.center(20, '*') + ']')
print('partition:', 'key=value=more'.partition('='), 'key=value=more'.rpartition('='))
