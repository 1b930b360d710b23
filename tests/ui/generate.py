# Writes tests/ui/<group>/<case>.rs (inline-form compile-fail cases) from Python
# snippets, and cpython_expected.txt: what CPython 3.11's compile() says of each.
# Run: python3 tests/ui/generate.py tests/ui
import os, sys, textwrap
root = sys.argv[1]
cases = {
 "symtable/nonlocal-without-binding": "def f():\n    nonlocal x\n",
 "symtable/nonlocal-at-module-level": "def f():\n    pass\nnonlocal y\n",
 "symtable/parameter-and-nonlocal": "def outer():\n    x = 1\n    def f(x):\n        nonlocal x\n    return f\n",
 "symtable/parameter-and-global": "def f(a):\n    global a\n",
 "symtable/used-prior-to-global": "def f():\n    print(x)\n    global x\n",
 "symtable/used-prior-to-nonlocal": "def outer():\n    x = 1\n    def f():\n        print(x)\n        nonlocal x\n    return f\n",
 "symtable/assigned-before-global": "def f():\n    x = 1\n    global x\n",
 "symtable/assigned-before-nonlocal": "def outer():\n    x = 1\n    def f():\n        x = 2\n        nonlocal x\n    return f\n",
 "symtable/nonlocal-and-global": "def outer():\n    x = 1\n    def f():\n        global x\n        nonlocal x\n    return f\n",
 "symtable/duplicate-argument-def": "def f(a, b, a):\n    return a\n",
 "symtable/duplicate-argument-lambda": "f = lambda a, a: a\n",
 "symtable/pass-one-error-wins": "def f():\n    nonlocal x\n\ndef g(a):\n    global a\n",
 "codegen/return-outside-function": "x = 1\nreturn x\n",
 "codegen/break-outside-loop": "def f():\n    break\n",
 "codegen/break-in-def-inside-loop": "for i in range(3):\n    def f():\n        break\n",
 "codegen/continue-not-in-loop": "def f():\n    continue\n",
 "codegen/yield-outside-function": "x = 1\ny = yield x\n",
 "codegen/default-except-not-last": "def f(g):\n    try:\n        g()\n    except:\n        pass\n    except ValueError:\n        pass\n",
 "symtable/import-star-in-function": "def f():\n    from dis import *\n",
 "parse/unexpected-indent": "x = 1\n    y = 2\n",
 "parse/expected-indented-block-after-def": "def f():\nreturn 1\n",
 "parse/expected-indented-block-after-if": "def f(x):\n    if x:\n    return 1\n",
 "parse/unindent-mismatch": "def f(x):\n        y = x\n    return y\n",
 "parse/invalid-syntax": "def f(x):\n    return x +\n",
 "file/unclosed-bracket": "def f(x):\n    return g(x, [1, 2)\n",
 "file/nonlocal-without-binding": "def f():\n    x = 1\n    def g():\n        nonlocal y\n    return g\n",
 "file/return-outside-function": "# a module\nreturn 1\n",
 "file/floor-division-and-quotes": "def f(x):\n    s = 'it' + \"'s\"\n    return x // 2\n\nbreak\n",
 "file/duplicate-argument": "def f(a, *, a):\n    pass\n",
 "file/tab-error": "def f():\n\tif True:\n        return 1\n",
 "file/unsupported-with": "def f(path):\n    with open(path) as f:\n        return f\n",
 "unsupported/async-def": "async def f():\n    return 1\n",
 "unsupported/complex-literal": "def f(x):\n    return x * 2j\n",
}
# Every inline case is also checked in the file form.
for name, py in list(cases.items()):
    group, case = name.split("/")
    if group != "file":
        cases["file/" + group + "-" + case] = py
expected = []
for name, py in cases.items():
    group, case = name.split("/")
    d = os.path.join(root, group); os.makedirs(d, exist_ok=True)
    if group == "file":
        # File form: the Python text sits beside the test, unrestricted.
        open(os.path.join(d, case + ".py"), "w").write(py)
        rs = "mod python {\n    py_fn::py_fn!(file = \"" + case + ".py\");\n}\n\nfn main() {}\n"
        shift = 0
    else:
        body = textwrap.indent(py, " " * 8)
        rs = "mod python {\n    py_fn::py_fn! {\n" + body + "    }\n}\n\nfn main() {}\n"
        # The Python block starts on line 3 of the .rs file.
        shift = 2
    open(os.path.join(d, case + ".rs"), "w").write(rs)
    try:
        compile(py, case + ".py", "exec")
        expected.append(f"{name} | ok | - | 0")
    except SyntaxError as e:
        expected.append(f"{name} | {type(e).__name__} | {e.msg} | {e.lineno + shift}")
with open(os.path.join(root, "cpython_expected.txt"), "w") as f:
    f.write("# group/case | CPython 3.11 exception | message | line (of the .rs file; of the .py file in the file group)\n")
    f.write("\n".join(expected) + "\n")
