/// General matrix multiply on raw row-major buffers.
public enum Gemm {
  /// `C = alpha·op(A)·op(B) + beta·C`, where op(X) is X or Xᵀ.
  ///
  /// Shapes: op(A) is `[m, k]`, op(B) is `[k, n]`, C is `[m, n]`. Each
  /// matrix is row-major with a leading dimension (the distance between
  /// rows): A is stored `[m, lda]`, or `[k, lda]` when transposed; B is
  /// stored `[k, ldb]`, or `[n, ldb]` when transposed; C is `[m, ldc]`.
  /// With `beta == 0`, C is only written, never read, so it may hold NaN.
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
    let (aRow, aCol) = transposeA ? (1, lda) : (lda, 1)
    let (bRow, bCol) = transposeB ? (1, ldb) : (ldb, 1)
    for i in 0..<m {
      for j in 0..<n {
        var total: Float = 0
        for p in 0..<k {
          total += a[i * aRow + p * aCol] * b[p * bRow + j * bCol]
        }
        let old = beta == 0 ? 0 : beta * c[i * ldc + j]
        c[i * ldc + j] = alpha * total + old
      }
    }
  }
}
