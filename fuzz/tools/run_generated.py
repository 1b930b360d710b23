#!/usr/bin/env python3
"""Differential run of generated programs: py_fn against CPython 3.11.

    python3 fuzz/tools/run_generated.py [--count N] [--seed S] [--work DIR]

Emits N grammar-generated tier-1 programs (`py_fn_fuzz --emit`), compiles
all of them with `py_fn!(file = ...)` into one throwaway binary (a crate in
DIR that depends on this repository by path: rustc type-checks every
expansion), runs each program under that binary and under python3 (5 s
each; programs that loop forever under CPython are skipped), and compares
stdout plus the exception line. CPython's traceback hint ". Did you mean:
'x'?" is not part of the message and is dropped before comparing.

Differences are printed as `name: python3 line | py_fn line`; the exit
status is 1 if there are any. Generated programs may use names outside the
subset (`type`), which py_fn reports as NameError: read each row.
"""
import argparse
import os
import re
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HINT = re.compile(r"\. Did you mean: '[^']*'\?$", re.M)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def python_output(path):
    try:
        p = run([sys.executable, path], timeout=5, cwd=os.path.dirname(path))
    except subprocess.TimeoutExpired:
        return None
    last = p.stderr.strip().splitlines()[-1:] if p.returncode else []
    tail = "".join(l + "\n" for l in last if re.match(r"^\w+(Error|Exception)\b", l))
    return HINT.sub("", p.stdout + tail)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default="/tmp/py_fn_generated")
    a = ap.parse_args()
    gen = os.path.join(a.work, "programs")
    os.makedirs(gen, exist_ok=True)
    fuzz = ["cargo", "run", "-q", "--release", "-p", "py_fn_fuzz", "--"]
    emit = run(fuzz + ["--emit", gen, "--iterations", str(a.count), "--seed", str(a.seed)], cwd=REPO)
    if emit.returncode:
        sys.exit(emit.stderr)
    files = sorted(f for f in os.listdir(gen) if f.endswith(".py"))
    crate = os.path.join(a.work, "crate")
    os.makedirs(os.path.join(crate, "src"), exist_ok=True)
    with open(os.path.join(crate, "Cargo.toml"), "w") as f:
        f.write('[package]\nname = "generated"\nversion = "0.0.0"\nedition = "2021"\n'
                'publish = false\n\n[dependencies]\npy_fn = { path = "%s" }\n\n[workspace]\n' % REPO)
    lines = ['mod m%d { py_fn::py_fn!(file = "%s"); }' % (i, os.path.join(gen, n))
             for i, n in enumerate(files)]
    lines.append("fn main() {")
    lines.append("    let i: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(0);")
    lines.append("    let mains: Vec<fn() -> py_fn::PyResult<()>> = vec![%s];"
                 % ", ".join("m%d::__main__" % i for i in range(len(files))))
    lines.append("    let Some(main) = mains.get(i) else { return };")
    lines.append("    let (text, result) = py_fn::capture_stdout(main);")
    lines.append('    print!("{text}");')
    lines.append('    if let Err(e) = result { println!("{e}"); }')
    lines.append("}")
    with open(os.path.join(crate, "src", "main.rs"), "w") as f:
        f.write("\n".join(lines) + "\n")
    build = run(["cargo", "build", "--release", "-q"], cwd=crate)
    if build.returncode:
        sys.exit("the generated programs do not compile:\n" + build.stderr[-5000:])
    binary = os.path.join(crate, "target", "release", "generated")
    diffs = compared = 0
    for i, name in enumerate(files):
        expected = python_output(os.path.join(gen, name))
        if expected is None:
            continue
        try:
            got = run([binary, str(i)], timeout=20).stdout
        except subprocess.TimeoutExpired:
            got = "(timeout)\n"
        compared += 1
        if got != expected:
            diffs += 1
            e = (expected.splitlines() or [""])[-1]
            g = (got.splitlines() or [""])[-1]
            print("%s: %s | %s" % (name, e, g))
    print("%d programs compiled, %d compared, %d differ" % (len(files), compared, diffs))
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
