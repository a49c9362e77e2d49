#!/usr/bin/env python3
"""Compare OCR crops with the NIST36 training images, figure by figure.

    nnpipe load images/04_deep.jpg | nnpipe binarize | nnpipe label |
        nnpipe box | nnpipe resize | nnpipe save name=crops crops.npy
    scripts/ocr_crop_stats.py crops.npy ../shared/data/nist36/nist36_valid.mat

Both hold rows of 1024 values, 32x32 column-major, paper 1 and ink 0. For
each set it prints the median (10%, 90%) of: the ink's longer side and its
centre (ink: values below 0.5), the stroke width 2 x ink area / ink-paper
edges, and the ink's share of the frame. Needs numpy (and scipy for .mat).
"""
import sys

import numpy as np


def rows(path):
    if path.endswith(".npy"):
        return np.load(path)
    from scipy.io import loadmat
    data = loadmat(path)
    return next(v for k, v in data.items() if k.endswith("_data"))


def stats(matrix):
    images = matrix.reshape(-1, 32, 32).transpose(0, 2, 1)
    figures = {"longer side": [], "centre row": [], "centre column": [],
               "stroke width": [], "ink share": []}
    for image in images:
        ink = image < 0.5
        if not ink.any():
            continue
        ys, xs = np.nonzero(ink)
        padded = np.pad(ink, 1)
        edges = (padded[1:, :] != padded[:-1, :]).sum() \
            + (padded[:, 1:] != padded[:, :-1]).sum()
        figures["longer side"].append(
            max(ys.max() - ys.min(), xs.max() - xs.min()) + 1)
        figures["centre row"].append((ys.max() + ys.min()) / 2)
        figures["centre column"].append((xs.max() + xs.min()) / 2)
        figures["stroke width"].append(2 * ink.sum() / edges)
        figures["ink share"].append(ink.mean())
    return figures


for path in sys.argv[1:]:
    figures = stats(rows(path))
    print(f"{path}: {len(figures['longer side'])} images")
    for name, values in figures.items():
        q10, q50, q90 = np.percentile(values, [10, 50, 90])
        print(f"  {name:14s} {q50:6.2f}  ({q10:.2f} .. {q90:.2f})")
