// The blocking, packing decisions and threading of one GEMM call.

/// Where the micro-kernel reads one operand within a block: either panels
/// packed by `packA`/`packB`, or the caller's matrix in place.
///
/// The panel holding row i of op(A) (or column j of op(B)) starts at
/// `base + i·indexStride`; inside it, consecutive rows are `rowStride`
/// apart (A only) and consecutive depths `depthStride` apart.
struct GemmOperand {
  var base: UnsafePointer<Float>
  var indexStride: Int
  var rowStride: Int
  var depthStride: Int
  var isPacked: Bool
}

/// One call of `Gemm.multiply`, with every size already checked non-zero.
struct GemmProblem {
  let m, n, k: Int
  let a: UnsafePointer<Float>
  let lda: Int
  let transposeA: Bool
  let b: UnsafePointer<Float>
  let ldb: Int
  let transposeB: Bool
  let c: UnsafeMutablePointer<Float>
  let ldc: Int
  let alpha, beta: Float

  /// Reading B in place beats packing it when few 6-row panels reuse each
  /// B panel: the copy would cost about as much as the reads it saves.
  /// (Measured on the MLP shapes of `GemmBenchmark`: 72 -> 89 GFLOP/s for
  /// 32x64x1024; 1024-cubed needs packing.)
  nonisolated(unsafe) static var directBMaxRowPanels = 6
  /// Likewise for A reused by few 16-column panels.
  nonisolated(unsafe) static var directAMaxColumnPanels = 4
  /// A transposed A read in place touches one cache line per depth step,
  /// `lda` floats apart; past this span (32 KiB, the L1 size) those lines
  /// evict each other, so A is packed instead.
  static let directTransposedASpan = 8192

  func run(threads: Int) {
    let mr = gemmTileRows, nr = gemmTileColumns
    let workers = m * n * k < Gemm.parallelThreshold
      ? 1 : max(1, min(threads, (m + mr - 1) / mr))
    // Each worker owns a band of whole 6-row panels.
    let bandRows = ((m + workers - 1) / workers + mr - 1) / mr * mr
    let rowsPacked = min(Gemm.rowBlock, bandRows)
    let depthPacked = min(Gemm.depthBlock, k)
    let columnsPacked = (min(Gemm.columnBlock, n) + nr - 1) / nr * nr
    let directB = !transposeB
      && rowsPacked / mr <= GemmProblem.directBMaxRowPanels
    let directA = columnsPacked / nr <= GemmProblem.directAMaxColumnPanels
      && (!transposeA
          || depthPacked * lda <= GemmProblem.directTransposedASpan)

    // One allocation: shared packed B, then per worker its packed A, an
    // A and a B edge panel and a scratch tile.
    let sharedSize = directB ? 0 : columnsPacked * depthPacked
    let ownASize = directA ? 0 : rowsPacked * depthPacked
    let workerSize = ownASize + (mr + nr) * depthPacked + mr * nr
    let buffer = Gemm.allocateFloats(sharedSize + workers * workerSize)
    defer { buffer.deallocate() }
    let packedB = buffer

    for j0 in stride(from: 0, to: n, by: Gemm.columnBlock) {
      let columns = min(Gemm.columnBlock, n - j0)
      let panels = (columns + nr - 1) / nr
      for p0 in stride(from: 0, to: k, by: Gemm.depthBlock) {
        let depth = min(Gemm.depthBlock, k - p0)
        let sliceBeta = p0 == 0 ? beta : 1

        var bOperand = GemmOperand(
          base: b + p0 * ldb + j0, indexStride: 1, rowStride: 0,
          depthStride: ldb, isPacked: false)
        if !directB {
          Parallel.forEach(workers, threads: workers) { worker in
            let first = panels * worker / workers
            let end = panels * (worker + 1) / workers
            packB(b, ldb, transposeB, columns: columns, depth: depth,
                  p0: p0, j0: j0, panels: first..<end,
                  into: packedB + first * nr * depth)
          }
          bOperand = GemmOperand(base: packedB, indexStride: depth,
                                 rowStride: 0, depthStride: nr,
                                 isPacked: true)
        }

        Parallel.forEach(workers, threads: workers) { worker in
          let own = buffer + sharedSize + worker * workerSize
          let scratch = GemmScratch(
            edgeA: own + ownASize, edgeB: own + ownASize + mr * depthPacked,
            tile: own + ownASize + (mr + nr) * depthPacked)
          let bandStart = worker * bandRows
          let bandEnd = min(m, bandStart + bandRows)
          for i0 in stride(from: bandStart, to: bandEnd, by: rowsPacked) {
            let rows = min(rowsPacked, bandEnd - i0)
            var aOperand = transposeA
              ? GemmOperand(base: a + p0 * lda + i0, indexStride: 1,
                            rowStride: 1, depthStride: lda, isPacked: false)
              : GemmOperand(base: a + i0 * lda + p0, indexStride: lda,
                            rowStride: lda, depthStride: 1, isPacked: false)
            if !directA {
              packA(a, lda, transposeA, rows: rows, depth: depth, i0: i0,
                    p0: p0, into: own)
              aOperand = GemmOperand(base: own, indexStride: depth,
                                     rowStride: 1, depthStride: mr,
                                     isPacked: true)
            }
            macroKernel(rows: rows, columns: columns, depth: depth,
                        i0: i0, j0: j0, p0: p0, aOperand, bOperand,
                        scratch, beta: sliceBeta)
          }
        }
      }
    }
  }

  /// Per-thread scratch space of `macroKernel`.
  struct GemmScratch {
    /// A `[depth, 6]` panel for the last, partial rows of an in-place A.
    let edgeA: UnsafeMutablePointer<Float>
    /// A `[depth, 16]` panel for the last, partial columns of in-place B.
    let edgeB: UnsafeMutablePointer<Float>
    /// A 6×16 tile for products cut by the edge of C.
    let tile: UnsafeMutablePointer<Float>
  }

  /// Sweeps the micro-kernel over a `[rows, depth]` block of op(A) and a
  /// `[depth, columns]` block of op(B) starting at `(i0, p0)` and
  /// `(p0, j0)`, updating `C[i0..., j0...]`.
  ///
  /// Partial panels at the block's edges are read zero-padded (packed
  /// here if the operand is read in place) and their tile goes through
  /// `scratch.tile`, so the kernel itself never branches.
  func macroKernel(
    rows: Int, columns: Int, depth: Int, i0: Int, j0: Int, p0: Int,
    _ aOperand: GemmOperand, _ bOperand: GemmOperand,
    _ scratch: GemmScratch, beta: Float
  ) {
    let mr = gemmTileRows, nr = gemmTileColumns
    let fullRows = rows / mr * mr
    let fullColumns = columns / nr * nr
    var edgeA = aOperand.base + fullRows * aOperand.indexStride
    if rows > fullRows && !aOperand.isPacked {
      packA(a, lda, transposeA, rows: rows - fullRows, depth: depth,
            i0: i0 + fullRows, p0: p0, into: scratch.edgeA)
      edgeA = UnsafePointer(scratch.edgeA)
    }
    var edgeB = bOperand.base + fullColumns * bOperand.indexStride
    if columns > fullColumns && !bOperand.isPacked {
      let last = fullColumns / nr
      packB(b, ldb, transposeB, columns: columns, depth: depth, p0: p0,
            j0: j0, panels: last..<last + 1, into: scratch.edgeB)
      edgeB = UnsafePointer(scratch.edgeB)
    }

    for i in stride(from: 0, to: rows, by: mr) {
      let fullHeight = i < fullRows
      let panelA = fullHeight ? aOperand.base + i * aOperand.indexStride
        : edgeA
      let aRow = fullHeight ? aOperand.rowStride : 1
      let aDepth = fullHeight ? aOperand.depthStride : mr
      for j in stride(from: 0, to: columns, by: nr) {
        let fullWidth = j < fullColumns
        let panelB = fullWidth ? bOperand.base + j * bOperand.indexStride
          : edgeB
        let bDepth = fullWidth ? bOperand.depthStride : nr
        let full = fullWidth && fullHeight
        let tile = c + (i0 + i) * ldc + j0 + j
        let target = full ? tile : scratch.tile
        let targetStride = full ? ldc : nr
        if aRow == 1 && aDepth == mr && bDepth == nr {
          gemmMicroKernel(depth, panelA, panelB, target, targetStride,
                          alpha, full ? beta : 0)
        } else {
          gemmStridedMicroKernel(depth, panelA, aRow, aDepth, panelB,
                                 bDepth, target, targetStride, alpha,
                                 full ? beta : 0)
        }
        if !full {
          let height = min(mr, rows - i)
          let width = min(nr, columns - j)
          for r in 0..<height {
            for s in 0..<width {
              let old = beta == 0 ? 0 : beta * tile[r * ldc + s]
              tile[r * ldc + s] = scratch.tile[r * nr + s] + old
            }
          }
        }
      }
    }
  }
}
