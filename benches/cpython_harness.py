"""Times the workloads of a .py file in CPython, for the py_fn benchmark.

Usage: python3 cpython_harness.py FILE RUNS NAME:N:OPS ...
For each NAME, runs NAME(N) once to warm up, then RUNS times, and prints one
line: NAME, the median nanoseconds per operation (elapsed / OPS), repr(result).
"""

import importlib.util
import sys
import time


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    spec = importlib.util.spec_from_file_location("workloads", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for arg in sys.argv[3:]:
        name, n, ops = arg.split(":")
        n, ops = int(n), int(ops)
        func = getattr(module, name)
        result = func(n)
        times = []
        for _ in range(runs):
            start = time.perf_counter_ns()
            result = func(n)
            times.append(time.perf_counter_ns() - start)
        times.sort()
        print(name, times[len(times) // 2] / ops, repr(result), flush=True)


main()
