import XCTest
@testable import Pipeline

/// Helpers shared by the math tests: reference products and comparisons.
enum MathTestSupport {
  /// `alpha·op(A)·op(B) + beta·C` by the textbook triple loop, summed in
  /// Double; the reference every fast GEMM result is checked against.
  static func referenceGemm(
    m: Int, n: Int, k: Int, a: [Float], lda: Int, transposeA: Bool,
    b: [Float], ldb: Int, transposeB: Bool, c: [Float], ldc: Int,
    alpha: Float, beta: Float
  ) -> [Float] {
    var out = c
    for i in 0..<m {
      for j in 0..<n {
        var total = 0.0
        for p in 0..<k {
          let x = transposeA ? a[p * lda + i] : a[i * lda + p]
          let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
          total += Double(x) * Double(y)
        }
        let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
        out[i * ldc + j] = Float(Double(alpha) * total + old)
      }
    }
    return out
  }

  /// The largest `|x − y| / (scale + |y|)` over the elements, where
  /// `scale` is the mean magnitude of `expected` (so near-zero entries of
  /// a sum of many terms do not dominate).
  static func relativeError(_ actual: [Float], _ expected: [Float])
    -> Double {
    precondition(actual.count == expected.count, "length mismatch")
    guard !expected.isEmpty else { return 0 }
    let scale = expected.reduce(0.0) { $0 + abs(Double($1)) }
      / Double(expected.count) + 1e-30
    var worst = 0.0
    for (x, y) in zip(actual, expected) {
      let error = abs(Double(x) - Double(y)) / (scale + abs(Double(y)))
      worst = max(worst, error.isNaN ? .infinity : error)
    }
    return worst
  }

  static func randomScalars(_ count: Int, _ g: inout SeededGenerator)
    -> [Float] {
    (0..<count).map { _ in g.nextFloat() * 2 - 1 }
  }
}
