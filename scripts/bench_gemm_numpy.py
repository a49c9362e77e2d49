#!/usr/bin/env python3
"""Time numpy's matmul (OpenBLAS) on the shapes of GemmBenchmark.swift.

Prints one line per case in the same format as `GemmBenchmark.run`, so
the two can be compared side by side:

    gemm numpy <name> <m>x<n>x<k> <form> threads <t> <GFLOP/s> <ms>

Usage: bench_gemm_numpy.py [THREADS]
The thread count goes to threadpoolctl when it is installed; otherwise
set OPENBLAS_NUM_THREADS in the environment of the call. Where
OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE are set, unset them for this call
only: they pin OpenBLAS to an older, slower kernel.
"""
import os
import sys
import time

import numpy as np

# Keep in step with GemmBenchmark.cases.
CASES = (
    [("cube", s, s, s, "NN") for s in (64, 256, 1024, 2048)]
    + [("cube", 1024, 1024, 1024, f) for f in ("TN", "NT", "TT")]
    + [
        ("mlp X·W1", 32, 64, 1024, "NN"),
        ("mlp H·W2", 32, 36, 64, "NN"),
        ("mlp Xᵀ·dH", 1024, 64, 32, "TN"),
        ("mlp Hᵀ·dY", 64, 36, 32, "TN"),
        ("mlp dY·W2ᵀ", 32, 64, 36, "NT"),
        ("mlp dH·W1ᵀ", 32, 1024, 64, "NT"),
    ]
)


def best_seconds(body):
    """The shortest of repeated timings, after one warm-up call."""
    body()
    best, total, repetitions = float("inf"), 0.0, 0
    while total < 0.3 or repetitions < 3:
        start = time.perf_counter()
        body()
        seconds = time.perf_counter() - start
        best = min(best, seconds)
        total += seconds
        repetitions += 1
    return best


def run(threads):
    rng = np.random.default_rng(1)
    for name, m, n, k, form in CASES:
        # Store each operand the way the form reads it, then take the
        # transposed view: numpy passes the view to BLAS without a copy.
        a = rng.uniform(-1, 1, (k, m) if form[0] == "T" else (m, k))
        b = rng.uniform(-1, 1, (n, k) if form[1] == "T" else (k, n))
        a, b = a.astype(np.float32), b.astype(np.float32)
        op_a = a.T if form[0] == "T" else a
        op_b = b.T if form[1] == "T" else b
        c = np.empty((m, n), dtype=np.float32)
        best = best_seconds(lambda: np.matmul(op_a, op_b, out=c))
        gflops = 2.0 * m * n * k / best / 1e9
        shape = f"{m}x{n}x{k}"
        print(f"gemm numpy  {name:<12} {shape:<15} {form} threads {threads} "
              f"{gflops:7.1f} GFLOP/s {best * 1e3:9.3f} ms", flush=True)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else None
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        threadpool_limits = None
    if threadpool_limits is not None:
        info = [(p.get("internal_api"), p.get("architecture"))
                for p in threadpool_info()]
        print(f"numpy {np.__version__} blas {info}", file=sys.stderr)
        with threadpool_limits(limits=threads):
            run(threads or os.cpu_count())
    else:
        used = os.environ.get("OPENBLAS_NUM_THREADS", str(os.cpu_count()))
        if threads is not None and str(threads) != used:
            sys.exit("bench_gemm_numpy: without threadpoolctl, set "
                     f"OPENBLAS_NUM_THREADS={threads} in the environment")
        print(f"numpy {np.__version__}, threadpoolctl absent; "
              f"OPENBLAS_NUM_THREADS={used}", file=sys.stderr)
        run(int(used))


if __name__ == "__main__":
    main()
