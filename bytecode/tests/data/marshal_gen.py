"""Writes marshal_cpython.txt: CPython 3.11's marshal bytes of a few constants
and code objects, the expected data of bytecode/tests/marshal.rs.

Run from this directory with python3 3.11:  python3 marshal_gen.py

Each line is `name<TAB>kind<TAB>hex<TAB>plain_hex`: `hex` is what
marshal.dumps writes; `plain_hex` the same bytes with the FLAG_REF bit
cleared from every type code (marshal.loads reads both to the same value,
which is checked here), i.e. what a writer that never shares objects writes.
Only values whose dumps contain no back-reference (TYPE_REF) are constants
here, so that clearing the flags leaves valid data; code objects (kind
`code`) keep their references and have no plain form.
"""

import marshal
import sys

assert sys.version_info[:2] == (3, 11), "needs CPython 3.11"

CONSTANTS = [
    ("none", None),
    ("true", True),
    ("false", False),
    ("ellipsis", ...),
    ("int_0", 0),
    ("int_1", 1),
    ("int_neg1", -1),
    ("int_i32_max", 2**31 - 1),
    ("int_i32_min", -2**31),
    ("int_2_31", 2**31),
    ("int_neg_2_31_minus_1", -2**31 - 1),
    ("int_i64_max", 2**63 - 1),
    ("int_i64_min", -2**63),
    ("int_2_63", 2**63),
    ("int_neg_2_100", -2**100),
    ("int_10_50", 10**50),
    ("float_1_5", 1.5),
    ("float_neg_0", -0.0),
    ("float_inf", float("inf")),
    ("float_tiny", 5e-324),
    ("complex_1j", 1j),
    ("complex_neg_2_5j", complex(0.0, -2.5)),
    ("str_empty", ""),
    ("str_name", "abc"),
    ("str_space", "a b"),
    ("str_long_ascii", "x y" * 100),
    ("str_long_name", "y" * 300),
    ("str_e_acute", "\u00e9"),
    ("str_snake", "\U0001f40d snake"),
    ("bytes_empty", b""),
    ("bytes_mixed", b"ab\x00\xff"),
    ("tuple_empty", ()),
    ("tuple_small", (1, "a b", None)),
    ("tuple_nested", ((1.5, 2), (3j,), b"x")),
    ("tuple_300", tuple(range(1000, 1300))),
]

SOURCES = [
    ("code_empty", "empty.py", ""),
    ("code_closure", "closure.py",
     "def outer(a, b):\n"
     "    x = a + b\n"
     "    def inner(z):\n"
     "        return x * z + a\n"
     "    return inner\n"
     "print(outer(1, 2)(3))\n"),
    ("code_kinds", "kinds.py",
     "def f(p, /, q, *args, k=1, **kw):\n"
     "    c = 'caf\u00e9'\n"
     "    def g():\n"
     "        nonlocal c\n"
     "        return c, q\n"
     "    return g\n"),
]


def plain(data):
    """`data` with FLAG_REF cleared from every type code; None if it has a TYPE_REF."""
    out = bytearray(data)
    pos = 0

    def long():
        nonlocal pos
        v = int.from_bytes(data[pos:pos + 4], "little", signed=True)
        pos += 4
        return v

    def obj():
        nonlocal pos
        code = data[pos]
        out[pos] = code & 0x7F
        t = chr(code & 0x7F)
        pos += 1
        if t in "NTF.":
            return True
        if t == "i":
            pos += 4
        elif t == "g":
            pos += 8
        elif t == "y":
            pos += 16
        elif t == "l":
            n = long()
            pos += 2 * abs(n)
        elif t in "suatA":
            n = long()
            pos += n
        elif t in "zZ":
            pos += 1 + data[pos]
        elif t == ")":
            n = data[pos]
            pos += 1
            return all(obj() for _ in range(n))
        elif t == "(":
            n = long()
            return all(obj() for _ in range(n))
        else:
            return False  # TYPE_REF or anything else
        return True

    ok = obj()
    assert pos == len(data)
    return bytes(out) if ok else None


def main():
    lines = []
    for name, value in CONSTANTS:
        data = marshal.dumps(value)
        flat = plain(data)
        assert flat is not None, name
        for d in (data, flat):
            back = marshal.loads(d)
            assert back == value or (value != value and back != back), name
            assert repr(back) == repr(value), name
        lines.append("%s\tconst\t%s\t%s" % (name, data.hex(), flat.hex()))
    for name, filename, source in SOURCES:
        data = marshal.dumps(compile(source, filename, "exec"))
        lines.append("%s\tcode\t%s\t-" % (name, data.hex()))
    with open("marshal_cpython.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


main()
