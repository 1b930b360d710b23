"""Writes NAME.out, NAME.err and NAME.status for each NAME.py here: what
`python3 NAME.py < NAME.stdin` (CPython 3.11.7) prints on stdout and
stderr, and its exit status. Of a traceback on stderr only the last line
is kept (the line `pyfn run` prints after `Traceback (most recent call
last):`).

    python3 cli/tests/programs/gen_expected.py
"""
import glob
import os
import subprocess
import sys

if sys.version_info[:3] != (3, 11, 7):
    sys.exit("the expected results come from CPython 3.11.7")

here = os.path.dirname(os.path.abspath(__file__))
env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
env.update(PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
for path in sorted(glob.glob(os.path.join(here, "*.py"))):
    name = os.path.basename(path)[:-3]
    if name == "gen_expected":
        continue
    stdin_path = os.path.join(here, name + ".stdin")
    stdin = open(stdin_path, "rb").read() if os.path.exists(stdin_path) else b""
    r = subprocess.run([sys.executable, name + ".py"], cwd=here, input=stdin,
                       capture_output=True, env=env)
    err = r.stderr.decode()
    if err.startswith("Traceback (most recent call last):"):
        err = "Traceback (most recent call last):\n" + err.rstrip("\n").split("\n")[-1] + "\n"
    with open(os.path.join(here, name + ".out"), "w") as f:
        f.write(r.stdout.decode())
    with open(os.path.join(here, name + ".err"), "w") as f:
        f.write(err)
    with open(os.path.join(here, name + ".status"), "w") as f:
        f.write(f"{r.returncode}\n")
    print(name, r.returncode)
