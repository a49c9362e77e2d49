#!/usr/bin/env python3
"""Reads an nnpipe tensor stream into numpy arrays (docs/stream-format.md).

    python3 scripts/read_stream.py FILE    (FILE may be - for stdin)

prints one line per record: name, role, numpy dtype, shape. In Python:
    from read_stream import read_stream
    for meta, array in read_stream(open('x.nnpt', 'rb')): ...
The reader below is the one printed in docs/stream-format.md; keep them the
same (a test compares them). It trusts its input: use nnpipe to validate.
"""
import sys

# --- reader (docs/stream-format.md) ---
import math, struct
import numpy as np

DTYPES = {1: '<f4', 2: '<f8', 3: 'u1', 4: '<i4', 5: '<i8', 6: '<u2'}

def read_stream(f):  # f: a binary file; yields (metadata dict, array)
    while header := f.read(12):
        magic, version, code, rank, _, size = struct.unpack('<4s4BI', header)
        assert magic == b'NNPT' and version == 1, 'not an nnpipe stream'
        shape = struct.unpack(f'<{rank}Q', f.read(8 * rank))
        text = f.read(size).decode()
        meta = dict(line.split('=', 1) for line in text.split('\n') if line)
        dtype = np.dtype(DTYPES[code])
        data = f.read(math.prod(shape) * dtype.itemsize)
        yield meta, np.frombuffer(data, dtype).reshape(shape)
# --- end of reader ---


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__.split('\n\n')[1])
    source = sys.stdin.buffer if sys.argv[1] == '-' else open(sys.argv[1], 'rb')
    for meta, array in read_stream(source):
        print(meta['name'], meta.get('role', '-'), array.dtype.str,
              list(array.shape))
