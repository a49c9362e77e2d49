#!/usr/bin/env python3
"""Make harder versions of the sample photos, to bench the OCR on.

    scripts/ocr_hard_photos.py OUT        # writes OUT/*.png, ground_truth.txt
    .build/release/nnpipe bench ocr images=OUT

- shadow_03.png: 03_haiku darkened from the left edge to 35% at the right;
- desk_01.png: 01_list inside a 250 px frame of dark, noisy "desk";
- faint_02.png: 02_letters with a ghost of its own ink, shifted and only
  10% darker than the paper (half-erased writing);
- slant_04.png: 04_deep turned 4 degrees (bilinear), the lines slanted.
The photos are decoded by nnpipe itself (load | save .npy), so only numpy
is needed.
"""
import os
import subprocess
import sys
import tempfile
import zlib
import struct

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NNPIPE = os.path.join(ROOT, ".build", "release", "nnpipe")


def load(name):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "photo.npy")
        load = subprocess.Popen([NNPIPE, "load", os.path.join(ROOT, "images", name)],
                                stdout=subprocess.PIPE)
        subprocess.run([NNPIPE, "save", path], stdin=load.stdout, check=True,
                       stdout=subprocess.DEVNULL)
        load.wait()
        return np.load(path)


def write_png(path, image):
    pixels = (np.clip(image, 0, 1) * 255 + 0.5).astype(np.uint8)
    h, w, c = pixels.shape
    raw = b"".join(b"\0" + pixels[y].tobytes() for y in range(h))

    def chunk(kind, data):
        body = kind + data
        return (struct.pack(">I", len(data)) + body
                + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n"
                + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def truth(name):
    sections, current = {}, None
    for line in open(os.path.join(ROOT, "images", "ground_truth.txt")):
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
        elif current and line and not line.startswith("#"):
            sections[current].append(line)
    return sections[name]


out = sys.argv[1] if len(sys.argv) > 1 else "hard-photos"
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(0)

photo = load("03_haiku.jpg")
shade = np.linspace(1.0, 0.35, photo.shape[1])[None, :, None]
write_png(os.path.join(out, "shadow_03.png"), photo * shade)

photo = load("01_list.jpg")
h, w, _ = photo.shape
frame = 250
desk = 0.12 + 0.04 * rng.standard_normal((h + 2 * frame, w + 2 * frame, 3))
desk[:, :, 0] += 0.05
desk[frame:frame + h, frame:frame + w] = photo
write_png(os.path.join(out, "desk_01.png"), desk)

photo = load("02_letters.jpg")
ink = photo.min(axis=2) < 0.35
ghost = np.zeros_like(ink)
ghost[60:, 90:] = ink[:-60, :-90]
faint = photo.copy()
faint[ghost & ~ink] *= 0.9
write_png(os.path.join(out, "faint_02.png"), faint)

def turned(image, degrees):
    """The image turned about its centre, bilinear, white outside."""
    h, w, _ = image.shape
    a = np.deg2rad(degrees)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    cy, cx = (h - 1) / 2, (w - 1) / 2
    sy = cy + (ys - cy) * np.cos(a) - (xs - cx) * np.sin(a)
    sx = cx + (ys - cy) * np.sin(a) + (xs - cx) * np.cos(a)
    y0, x0 = np.floor(sy).astype(int), np.floor(sx).astype(int)
    fy, fx = (sy - y0)[..., None], (sx - x0)[..., None]
    inside = (y0 >= 0) & (y0 < h - 1) & (x0 >= 0) & (x0 < w - 1)
    y0, x0 = np.clip(y0, 0, h - 2), np.clip(x0, 0, w - 2)
    top = image[y0, x0] * (1 - fx) + image[y0, x0 + 1] * fx
    bottom = image[y0 + 1, x0] * (1 - fx) + image[y0 + 1, x0 + 1] * fx
    result = top * (1 - fy) + bottom * fy
    result[~inside] = image.max()
    return result


write_png(os.path.join(out, "slant_04.png"), turned(load("04_deep.jpg"), 4))

with open(os.path.join(out, "ground_truth.txt"), "w") as f:
    for name, source in [("shadow_03.png", "03_haiku.jpg"),
                         ("desk_01.png", "01_list.jpg"),
                         ("faint_02.png", "02_letters.jpg"),
                         ("slant_04.png", "04_deep.jpg")]:
        f.write(f"[{name}]\n" + "\n".join(truth(source)) + "\n")
