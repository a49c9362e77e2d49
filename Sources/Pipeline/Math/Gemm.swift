/// General matrix multiply on raw row-major buffers.
///
/// The algorithm is the Goto/BLIS layering: C is cut into column blocks
/// of `columnBlock`, the depth into `depthBlock` slices; for each pair the
/// matching slice of op(B) is packed once (1 MiB, in L2/L3) and shared by
/// all threads, each of which packs `rowBlock` rows of op(A) at a time
/// and sweeps the 6×16 micro-kernel over them: one 6-row A panel (6 KiB,
/// in L1) against every 16-column B panel of the slice in turn, so that
/// the tiles of C it updates lie side by side along six rows, a pattern
/// the hardware prefetcher follows. (Sweeping down the rows of C for one
/// B panel instead cost 15% at 2048³, where C no longer fits the caches:
/// `perf stat -e task-clock` over `nnpipe bench gemm repetitions=`.)
public enum Gemm {
  /// Depth of a packed slice: a 16-column B panel (16 KiB) fits L1.
  static let depthBlock = 256
  /// Rows of op(A) packed at once (a multiple of 6): 144 KiB, in L2.
  static let rowBlock = 144
  /// Columns of op(B) packed at once: 1024 x 256 floats, 1 MiB.
  static let columnBlock = 1024
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

    GemmProblem(m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA,
                b: b, ldb: ldb, transposeB: transposeB, c: c, ldc: ldc,
                alpha: alpha, beta: beta).run(threads: threads)
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
