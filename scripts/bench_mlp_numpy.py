#!/usr/bin/env python3
"""One epoch of the 1024-64-36 sigmoid MLP in plain numpy, for comparison.

The same loop as nnpipe's `train`: shuffle the rows, then for each
mini-batch of BATCH rows a forward pass (sigmoid hidden layer, softmax
with the max subtracted), the mean cross-entropy and the hits (as nnpipe
logs them), the hand-derived backward pass and an SGD step with momentum
(M = mu*M - rate*dJ/dW, W = W + M), one accumulator per parameter. Every
array is float64. Validation is not timed, as in nnpipe.

Prints one line per epoch and, last, the median:

    numpy epoch 3/5  loss 2.9711  acc 30.9%  0.1234 s
    numpy median 0.1234 s/epoch

Usage: bench_mlp_numpy.py STREAM [EPOCHS] [BATCH] [DTYPE]
DTYPE is float64 (the default, the reference) or float32 (for a look at
what single precision alone is worth).
STREAM is an nnpipe stream holding train_data and train_labels, e.g.
`nnpipe load nist36_train.mat > train.nnpt`. For one thread, set
OPENBLAS_NUM_THREADS=1 (scripts/bench-mlp does).
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from read_stream import read_stream  # noqa: E402


def main():
    path = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    dtype = np.dtype(sys.argv[4] if len(sys.argv) > 4 else 'float64')
    arrays = {meta['name']: a for meta, a in read_stream(open(path, 'rb'))}
    x = np.ascontiguousarray(arrays['train_data'], dtype=dtype)
    y = np.ascontiguousarray(arrays['train_labels'], dtype=dtype)
    n, d = x.shape
    k = y.shape[1]
    hidden, rate, mu = 64, dtype.type(0.01), dtype.type(0.9)

    rng = np.random.default_rng(1)
    def xavier(fan_in, fan_out):
        r = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-r, r, (fan_in, fan_out)).astype(dtype)
    params = [xavier(d, hidden), np.zeros(hidden, dtype),
              xavier(hidden, k), np.zeros(k, dtype)]
    velocity = [np.zeros_like(p) for p in params]

    times = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = rng.permutation(n)
        loss, hits = 0.0, 0
        for first in range(0, n, batch):
            rows = order[first:first + batch]
            xb, yb = x[rows], y[rows]
            w1, b1, w2, b2 = params
            h = 1 / (1 + np.exp(-(xb @ w1 + b1)))
            z = h @ w2 + b2
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            loss -= np.log(np.maximum((p * yb).sum(axis=1), 1e-30)).sum()
            hits += int((p.argmax(axis=1) == yb.argmax(axis=1)).sum())

            delta = (p - yb) / dtype.type(len(rows))
            dh = (delta @ w2.T) * h * (1 - h)
            grads = [xb.T @ dh, dh.sum(axis=0), h.T @ delta,
                     delta.sum(axis=0)]
            for m, w, g in zip(velocity, params, grads):
                m *= mu
                m -= rate * g
                w += m
        seconds = time.perf_counter() - start
        times.append(seconds)
        print(f"numpy epoch {epoch}/{epochs}  loss {loss / n:.4f}  "
              f"acc {100 * hits / n:.1f}%  {seconds:.4f} s", flush=True)
    print(f"numpy median {float(np.median(times)):.4f} s/epoch")


if __name__ == '__main__':
    main()
