# A text report: bytes and encodings, str layout methods, sys.stdout and
# sys.stderr, print(file=...).
import sys

rows = [('naïve café', 3), ('Σίσυφος', 12), ('plain', 7)]
for name, n in rows:
    data = name.encode('utf-8')
    print(f'{name:<12}|{n:>4}|', len(name), len(data), data[:4], data.hex(' ', 2))
print(b'caf\xc3\xa9'.decode(), b'caf\xe9'.decode('latin-1'), b'caf\xe9'.decode('utf-8', 'replace'))
try:
    b'caf\xe9'.decode()
except UnicodeDecodeError as e:
    print('decode error:', e.encoding, e.start, e.end, e.reason, '|', e)
try:
    'Σ'.encode('ascii')
except UnicodeEncodeError as e:
    print('encode error:', e)
print('ascii:', 'Σίσυφος'.encode('ascii', 'backslashreplace'), 'é'.encode('ascii', 'xmlcharrefreplace'))
table = 'name\tqty\tnote\napple\t3\tred\nfig\t12\t'
for line in table.expandtabs(8).splitlines():
    print('|' + line + '|')
print('42'.zfill(6), '-42'.zfill(6), 'x'.center(7, '.'), 'ΑΣ'.lower(), 'ǆ'.title(), 'ß'.upper())
print('words:', 'a-b_c d'.replace('-', ' ').replace('_', ' ').split(), '  x  '.strip(), 'abc'.removeprefix('a'))
n = sys.stdout.write('written directly\n')
print('wrote', n, 'characters')
sys.stdout.writelines(['one ', 'two\n'])
print('to stderr', file=sys.stderr)
sys.stderr.write('stderr again\n')
print('is digit:', [s.isdigit() for s in ('12', '١٢', '²', 'x')], '½'.isnumeric(), 'a1'.isidentifier())
print(bytes([72, 105]), bytes(3), bytes('hé', 'utf-8'), b'-'.join([b'a', b'b']), b'abc'.upper())
print(b'a,b,,c'.split(b','), bytes.fromhex('70 79'), b'hello'.find(b'l'), 108 in b'hello')
