"""Checks `py_fn_fuzz --emit DIR` output against python3 (CPython 3.11):
every generated program must compile, and our `dis.dis` text (gNNNNNN.dis)
must equal CPython's for the module code object.

usage: python3 fuzz/tools/check_generated.py DIR [MAX_REPORTS]
"""
import contextlib
import dis
import glob
import io
import re
import sys
import warnings

warnings.simplefilter("ignore")
ADDR = re.compile(r"(<code object \S+ at )0x[0-9a-fA-F]+")


def cpython_dis(src):
    code = compile(src, "f.py", "exec")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        dis.dis(code)
    return ADDR.sub(r"\g<1>0x0", out.getvalue())


def main():
    root = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    files = sorted(glob.glob(root + "/*.py"))
    rejected = differ = 0
    for f in files:
        src = open(f, encoding="utf-8").read()
        try:
            want = cpython_dis(src)
        except Exception as e:  # the generator wrote invalid Python
            rejected += 1
            if rejected <= limit:
                print(f"{f}: python3 rejects it: {type(e).__name__}: {e}")
            continue
        try:
            got = open(f[:-3] + ".dis", encoding="utf-8").read()
        except FileNotFoundError:
            continue  # py_fn rejected it: the fuzzer reports that
        if got != want:
            differ += 1
            if differ <= limit:
                for n, (a, b) in enumerate(zip(got.splitlines(), want.splitlines())):
                    if a != b:
                        print(f"{f}: dis differs at line {n + 1}:\n  py_fn:   {a}\n  cpython: {b}")
                        break
                else:
                    print(f"{f}: dis differs in length")
    print(f"{len(files)} programs, {rejected} rejected by python3, {differ} with a different dis")
    return 1 if rejected or differ else 0


if __name__ == "__main__":
    sys.exit(main())
