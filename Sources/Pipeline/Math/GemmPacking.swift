// Packing copies blocks of op(A) and op(B) into the exact order the
// micro-kernel reads them, so its loads are contiguous and aligned, and a
// transposed operand costs nothing more than a different gather here.
// Panels are zero-padded to whole tiles; the padding products are
// computed and thrown away.

/// Packs rows `i0..<i0+rows`, depths `p0..<p0+depth` of op(A) into
/// `[⌈rows/6⌉][depth][6]` order: for each 6-row panel, column by column.
func packA(
  _ a: UnsafePointer<Float>, _ lda: Int, _ transposed: Bool,
  rows: Int, depth: Int, i0: Int, p0: Int,
  into packed: UnsafeMutablePointer<Float>
) {
  let mr = gemmTileRows
  var out = packed
  for panel in stride(from: 0, to: rows, by: mr) {
    let height = min(mr, rows - panel)
    let i = i0 + panel
    if transposed {
      // op(A)[i, p] = a[p, i]: six neighbours in one stored row.
      var source = a + p0 * lda + i
      if height == mr {
        for _ in 0..<depth {
          for r in 0..<mr { out[r] = source[r] }
          out += mr
          source += lda
        }
      } else {
        for _ in 0..<depth {
          for r in 0..<height { out[r] = source[r] }
          for r in height..<mr { out[r] = 0 }
          out += mr
          source += lda
        }
      }
    } else {
      // op(A)[i, p] = a[i, p]: walk six stored rows side by side and
      // write the panel in order. Sequential stores merge in the write
      // buffer; the scatter with stride 6 that this replaced spent 5% of
      // a 1024-cubed product on its stores (perf annotate).
      let source = a + i * lda + p0
      if height == mr {
        let (r0, r1, r2) = (source, source + lda, source + 2 * lda)
        let (r3, r4, r5) = (source + 3 * lda, source + 4 * lda,
                            source + 5 * lda)
        for p in 0..<depth {
          out[0] = r0[p]
          out[1] = r1[p]
          out[2] = r2[p]
          out[3] = r3[p]
          out[4] = r4[p]
          out[5] = r5[p]
          out += mr
        }
      } else {
        for p in 0..<depth {
          for r in 0..<height { out[r] = source[r * lda + p] }
          for r in height..<mr { out[r] = 0 }
          out += mr
        }
      }
    }
  }
}

/// Packs depths `p0..<p0+depth`, columns `j0..<j0+columns` of op(B) into
/// `[⌈columns/16⌉][depth][16]` order: for each 16-column panel, row by
/// row. Only the panels in `panels` are written, the first of them at
/// `packed`, so threads can share the work.
func packB(
  _ b: UnsafePointer<Float>, _ ldb: Int, _ transposed: Bool,
  columns: Int, depth: Int, p0: Int, j0: Int,
  panels: Range<Int>, into packed: UnsafeMutablePointer<Float>
) {
  let nr = gemmTileColumns
  for panel in panels {
    var out = packed + (panel - panels.lowerBound) * nr * depth
    let j = j0 + panel * nr
    let width = min(nr, columns - panel * nr)
    if transposed {
      // op(B)[p, j] = b[j, p]: read each of sixteen stored rows straight
      // through and scatter it with stride 16 into the panel.
      let source = b + j * ldb + p0
      for c in 0..<nr {
        var target = out + c
        if c < width {
          let row = source + c * ldb
          for p in 0..<depth {
            target.pointee = row[p]
            target += nr
          }
        } else {
          for _ in 0..<depth {
            target.pointee = 0
            target += nr
          }
        }
      }
    } else {
      // op(B)[p, j] = b[p, j]: sixteen neighbours in one stored row.
      var source = b + p0 * ldb + j
      if width == nr {
        for _ in 0..<depth {
          copy16(source, out)
          out += nr
          source += ldb
        }
      } else {
        for _ in 0..<depth {
          for c in 0..<width { out[c] = source[c] }
          for c in width..<nr { out[c] = 0 }
          out += nr
          source += ldb
        }
      }
    }
  }
}

@inline(__always)
private func copy16(_ source: UnsafePointer<Float>,
                    _ target: UnsafeMutablePointer<Float>) {
  let raw = UnsafeRawPointer(source)
  let out = UnsafeMutableRawPointer(target)
  out.storeBytes(of: raw.loadUnaligned(as: Vector8.self), as: Vector8.self)
  out.storeBytes(of: raw.loadUnaligned(fromByteOffset: 32,
                                       as: Vector8.self),
                 toByteOffset: 32, as: Vector8.self)
}
