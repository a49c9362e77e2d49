#!/usr/bin/env python3
"""Time numpy.linalg.eigh (LAPACK) on the matrix `nnpipe bench eigen` uses.

The covariance XᵀX / 2n of [2n, n] standard normal data (numpy's own
random numbers: the same kind of matrix, not the same bits). Prints a
line in the format of `nnpipe bench eigen`, for float32 and float64.

Usage: bench_eigen_numpy.py [SIZE]   (default 1024)
"""
import sys
import time

import numpy as np


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    x = np.random.default_rng(3).standard_normal((2 * size, size))
    covariance = x.T @ x / (2 * size)
    for dtype in (np.float32, np.float64):
        a = covariance.astype(dtype)
        start = time.perf_counter()
        values, vectors = np.linalg.eigh(a)
        seconds = time.perf_counter() - start
        rebuilt = (vectors * values) @ vectors.T
        reconstruction = np.linalg.norm(rebuilt - a) / np.linalg.norm(a)
        gram = vectors.T @ vectors
        orthogonality = np.abs(gram - np.eye(size)).max()
        print(f"eigen numpy-{np.dtype(dtype).name} {size}x{size} "
              f"{seconds:.3f} s  reconstruction {reconstruction:.1e}  "
              f"orthogonality {orthogonality:.1e}")


if __name__ == "__main__":
    main()
