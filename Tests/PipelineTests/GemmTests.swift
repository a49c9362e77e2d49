import XCTest
@testable import Pipeline

final class GemmTests: XCTestCase {
  /// Runs Gemm on one case and compares with the Double triple loop.
  private func check(m: Int, n: Int, k: Int, transposeA: Bool,
                     transposeB: Bool, alpha: Float = 1, beta: Float = 0,
                     pad: Int = 0, threads: Int = 1, seed: UInt64 = 1,
                     file: StaticString = #filePath, line: UInt = #line) {
    var g = SeededGenerator(seed: seed)
    let lda = max(1, transposeA ? m : k) + pad
    let ldb = max(1, transposeB ? k : n) + pad
    let ldc = max(1, n) + pad
    let a = MathTestSupport.randomScalars((transposeA ? k : m) * lda, &g)
    let b = MathTestSupport.randomScalars((transposeB ? n : k) * ldb, &g)
    var c = MathTestSupport.randomScalars(m * ldc, &g)
    if beta == 0 { c = c.map { _ in .nan } }  // must never be read
    let expected = MathTestSupport.referenceGemm(
      m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA,
      b: b, ldb: ldb, transposeB: transposeB, c: c, ldc: ldc,
      alpha: alpha, beta: beta)
    var actual = c
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        actual.withUnsafeMutableBufferPointer { pc in
          Gemm.multiply(
            m: m, n: n, k: k,
            a: pa.baseAddress!, lda: lda, transposeA: transposeA,
            b: pb.baseAddress!, ldb: ldb, transposeB: transposeB,
            c: pc.baseAddress!, ldc: ldc, alpha: alpha, beta: beta,
            threads: threads)
        }
      }
    }
    // Padding columns of C beyond n must be left alone.
    var expectedAll = expected
    for i in 0..<m where beta == 0 {
      for j in n..<ldc { expectedAll[i * ldc + j] = 0; actual[i * ldc + j] = 0 }
    }
    let error = MathTestSupport.relativeError(actual, expectedAll)
    XCTAssertLessThan(
      error, 1e-4, "m \(m) n \(n) k \(k) tA \(transposeA) tB \(transposeB) "
        + "alpha \(alpha) beta \(beta) pad \(pad) threads \(threads)",
      file: file, line: line)
  }

  func testAllFormsOnAwkwardSizes() {
    let sizes = [1, 3, 17, 63, 65]
    var g = SeededGenerator(seed: 7)
    for form in 0..<4 {
      for _ in 0..<12 {
        let pick = { sizes[g.nextIndex(below: sizes.count)] }
        check(m: pick(), n: pick(), k: pick(), transposeA: form & 1 != 0,
              transposeB: form & 2 != 0, seed: g.next())
      }
    }
  }

  func testLongDimensions() {
    for form in 0..<4 {
      let (tA, tB) = (form & 1 != 0, form & 2 != 0)
      check(m: 1000, n: 7, k: 33, transposeA: tA, transposeB: tB)
      check(m: 5, n: 1000, k: 19, transposeA: tA, transposeB: tB)
      check(m: 9, n: 21, k: 1000, transposeA: tA, transposeB: tB)
    }
  }

  func testSizesCrossingCacheBlocks() {
    // More rows than one packed row block (144), more depth than one
    // slice (256), more columns than one column block (4096).
    check(m: 150, n: 40, k: 300, transposeA: false, transposeB: false,
          beta: 0.5)
    check(m: 150, n: 40, k: 300, transposeA: true, transposeB: true,
          threads: 2)
    check(m: 7, n: 4200, k: 3, transposeA: false, transposeB: true,
          beta: 1)
  }

  func testAlphaBetaAndLeadingDimensions() {
    for form in 0..<4 {
      let (tA, tB) = (form & 1 != 0, form & 2 != 0)
      check(m: 17, n: 33, k: 65, transposeA: tA, transposeB: tB,
            alpha: 0.5, beta: -2, pad: 5)
      check(m: 7, n: 40, k: 9, transposeA: tA, transposeB: tB,
            alpha: -1.5, beta: 1, pad: 3)
      check(m: 6, n: 16, k: 4, transposeA: tA, transposeB: tB,
            alpha: 2, beta: 0, pad: 1)
    }
  }

  func testThreadedMatchesReference() {
    for form in 0..<4 {
      check(m: 97, n: 83, k: 70, transposeA: form & 1 != 0,
            transposeB: form & 2 != 0, beta: 0.5, threads: 2)
      check(m: 32, n: 64, k: 129, transposeA: form & 1 != 0,
            transposeB: form & 2 != 0, threads: 3)
    }
  }

  func testEmptyDimensions() {
    // k = 0: C = beta·C, and with beta 0 exactly zero (no NaN kept).
    check(m: 4, n: 5, k: 0, transposeA: false, transposeB: false)
    check(m: 4, n: 5, k: 0, transposeA: true, transposeB: true, beta: 3)
    check(m: 0, n: 5, k: 3, transposeA: false, transposeB: true)
    check(m: 4, n: 0, k: 3, transposeA: true, transposeB: false)
  }

  func testMatmulTensorForms() {
    var g = SeededGenerator(seed: 3)
    let a = Tensor.uniform(shape: [5, 7], low: -1, high: 1, using: &g)
    let b = Tensor.uniform(shape: [7, 4], low: -1, high: 1, using: &g)
    let product = matmul(a, b)
    XCTAssertEqual(product.shape, [5, 4])
    let viaTransposes = matmul(a.transposed(), b.transposed(),
                               transposeA: true, transposeB: true)
    XCTAssertLessThan(MathTestSupport.relativeError(
      viaTransposes.scalars, product.scalars), 1e-6)
    let tiny = matmul(Tensor(shape: [1, 2], scalars: [1, 2]),
                      Tensor(shape: [2, 1], scalars: [3, 4]))
    XCTAssertEqual(tiny, Tensor(shape: [1, 1], scalars: [11]))
    XCTAssertEqual(matmul(Tensor(zeros: [3, 0]), Tensor(zeros: [0, 2])),
                   Tensor(zeros: [3, 2]))
  }
}
