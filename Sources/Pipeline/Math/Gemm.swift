/// General matrix multiply on raw row-major buffers.
///
/// The algorithm is the Goto/BLIS layering: C is cut into column blocks
/// of `columnBlock`, the depth into `depthBlock` slices; for each pair the
/// matching slice of op(B) is packed once (it stays in L3) and shared by
/// all threads, each of which packs `rowBlock` rows of op(A) at a time
/// (kept in L2) and sweeps the 6×16 micro-kernel over them, re-reading a
/// 16-column panel of packed B from L1.
public enum Gemm {
  /// Depth of a packed slice: a 16-column B panel (16 KiB) fits L1.
  static let depthBlock = 256
  /// Rows of op(A) packed at once (a multiple of 6): 144 KiB, in L2.
  static let rowBlock = 144
  /// Columns of op(B) packed at once: at most 4 MiB, in L3.
  static let columnBlock = 4096
  /// Below this many multiply-adds (m·n·k) a product runs on one thread:
  /// waking a second one costs more than it saves.
  static let parallelThreshold = 1 << 18

  /// `C = alpha·op(A)·op(B) + beta·C`, where op(X) is X or Xᵀ.
  ///
  /// Shapes: op(A) is `[m, k]`, op(B) is `[k, n]`, C is `[m, n]`. Each
  /// matrix is row-major with a leading dimension (the distance between
  /// rows): A is stored `[m, lda]`, or `[k, lda]` when transposed; B is
  /// stored `[k, ldb]`, or `[n, ldb]` when transposed; C is `[m, ldc]`.
  /// With `beta == 0`, C is only written, never read, so it may hold NaN.
  /// Any of m, n, k may be 0 (k = 0 leaves `beta·C`).
  public static func multiply(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
    b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    alpha: Float = 1, beta: Float = 0
  ) {
    multiply(m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA,
             b: b, ldb: ldb, transposeB: transposeB, c: c, ldc: ldc,
             alpha: alpha, beta: beta, threads: Parallel.threadCount)
  }

  /// `multiply` on at most `threads` threads.
  static func multiply(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
    b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    alpha: Float, beta: Float, threads: Int
  ) {
    precondition(m >= 0 && n >= 0 && k >= 0,
                 "[Gemm] negative size m \(m) n \(n) k \(k)")
    precondition(lda >= max(1, transposeA ? m : k),
                 "[Gemm] lda \(lda) below the row width")
    precondition(ldb >= max(1, transposeB ? k : n),
                 "[Gemm] ldb \(ldb) below the row width")
    precondition(ldc >= max(1, n), "[Gemm] ldc \(ldc) below n \(n)")
    guard m > 0 && n > 0 else { return }
    guard k > 0 && alpha != 0 else {
      scale(c, m: m, n: n, ldc: ldc, by: beta)
      return
    }

    let mr = gemmTileRows, nr = gemmTileColumns
    let workers = m * n * k < parallelThreshold
      ? 1 : max(1, min(threads, (m + mr - 1) / mr))
    // Each worker owns a band of whole 6-row panels.
    let bandRows = ((m + workers - 1) / workers + mr - 1) / mr * mr
    let rowsPacked = min(rowBlock, bandRows)
    let depthPacked = min(depthBlock, k)
    let columnsPacked = (min(columnBlock, n) + nr - 1) / nr * nr

    let packedB = allocateFloats(columnsPacked * depthPacked)
    let packedA = allocateFloats(workers * rowsPacked * depthPacked)
    defer {
      packedB.deallocate()
      packedA.deallocate()
    }

    for j0 in stride(from: 0, to: n, by: columnBlock) {
      let columns = min(columnBlock, n - j0)
      let panels = (columns + nr - 1) / nr
      for p0 in stride(from: 0, to: k, by: depthBlock) {
        let depth = min(depthBlock, k - p0)
        let sliceBeta = p0 == 0 ? beta : 1

        Parallel.forEach(workers, threads: workers) { worker in
          let share = panels * worker / workers
          let end = panels * (worker + 1) / workers
          packB(b, ldb, transposeB, columns: columns, depth: depth,
                p0: p0, j0: j0, panels: share..<end, into: packedB)
        }
        Parallel.forEach(workers, threads: workers) { worker in
          let bandStart = worker * bandRows
          let bandEnd = min(m, bandStart + bandRows)
          let ownA = packedA + worker * rowsPacked * depthPacked
          for i0 in stride(from: bandStart, to: bandEnd, by: rowsPacked) {
            let rows = min(rowsPacked, bandEnd - i0)
            packA(a, lda, transposeA, rows: rows, depth: depth, i0: i0,
                  p0: p0, into: ownA)
            macroKernel(rows: rows, columns: columns, depth: depth,
                        packedA: ownA, packedB: packedB,
                        c: c + i0 * ldc + j0, ldc: ldc,
                        alpha: alpha, beta: sliceBeta)
          }
        }
      }
    }
  }

  /// Sweeps the micro-kernel over a packed `[rows, depth]` block of op(A)
  /// and a packed `[depth, columns]` block of op(B), updating
  /// `C[rows, columns]`. Tiles cut by the block's edge go through a
  /// 6×16 scratch tile so the kernel itself never branches.
  static func macroKernel(
    rows: Int, columns: Int, depth: Int,
    packedA: UnsafePointer<Float>, packedB: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float
  ) {
    let mr = gemmTileRows, nr = gemmTileColumns
    withUnsafeTemporaryAllocation(of: Float.self, capacity: mr * nr) {
      scratch in
      let edge = scratch.baseAddress!
      for j in stride(from: 0, to: columns, by: nr) {
        let width = min(nr, columns - j)
        let panelB = packedB + j * depth
        for i in stride(from: 0, to: rows, by: mr) {
          let height = min(mr, rows - i)
          let panelA = packedA + i * depth
          let tile = c + i * ldc + j
          if height == mr && width == nr {
            gemmMicroKernel(depth, panelA, panelB, tile, ldc, alpha, beta)
            continue
          }
          gemmMicroKernel(depth, panelA, panelB, edge, nr, alpha, 0)
          for r in 0..<height {
            for s in 0..<width {
              let old = beta == 0 ? 0 : beta * tile[r * ldc + s]
              tile[r * ldc + s] = edge[r * nr + s] + old
            }
          }
        }
      }
    }
  }

  /// `C = beta·C`, with `beta == 0` writing exact zeros (NaN is dropped).
  static func scale(_ c: UnsafeMutablePointer<Float>, m: Int, n: Int,
                    ldc: Int, by beta: Float) {
    for i in 0..<m {
      let row = c + i * ldc
      if beta == 0 {
        row.update(repeating: 0, count: n)
      } else {
        for j in 0..<n { row[j] *= beta }
      }
    }
  }

  /// An uninitialized, 64-byte aligned Float buffer (cache-line aligned
  /// so packed panels load without splits).
  static func allocateFloats(_ count: Int) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer.allocate(
      byteCount: max(1, count) * MemoryLayout<Float>.stride, alignment: 64)
      .bindMemory(to: Float.self, capacity: max(1, count))
  }
}
