# Number utilities: rounding, modular arithmetic, bases, bytes of ints,
# float internals.
def primes(limit):
    sieve = bytearray_like = [True] * (limit + 1)
    sieve[0] = sieve[1] = False
    for i in range(2, int(limit ** 0.5) + 1):
        if sieve[i]:
            for j in range(i * i, limit + 1, i):
                sieve[j] = False
    return [i for i, ok in enumerate(sieve) if ok]

ps = primes(60)
print(ps, len(ps))
print('banker:', [round(x) for x in (0.5, 1.5, 2.5, -0.5, -1.5)])
print('places:', round(2.675, 2), round(1.005, 2), round(123456, -3), round(-0.45, 1))
print('pow mod:', pow(3, 200, 1000), pow(7, -1, 40), pow(2, 0.5), pow(-2, 3))
try:
    pow(6, -1, 9)
except ValueError as e:
    print('ValueError:', e)
for n in (0, 5, 255, -42, 2**64 + 1):
    print(n, bin(n), oct(n), hex(n), n.bit_length(), n.bit_count())
rsa_p, rsa_q, e = 61, 53, 17
phi = (rsa_p - 1) * (rsa_q - 1)
d = pow(e, -1, phi)
msg = 65
cipher = pow(msg, e, rsa_p * rsa_q)
print('rsa:', d, cipher, pow(cipher, d, rsa_p * rsa_q))
word = int.from_bytes(b'py_fn', 'big')
print(word, hex(word), word.to_bytes(5, 'big'), (-2).to_bytes(2, 'little', signed=True))
for x in (0.1, 0.5, 1/3, 1e-310, -2.0):
    print(x, x.hex(), x.as_integer_ratio(), float.fromhex(x.hex()) == x, x.is_integer())
print(chr(0x263A), ord('€'), [chr(c) for c in range(ord('a'), ord('f'))])
print(divmod(-17, 5), divmod(17.5, -5), 17 // -5, -17 % 5)
print(int('ff', 16), int('0b1011', 0), f'{255:#x} {255:08b} {1234567.891:,.2f}')
