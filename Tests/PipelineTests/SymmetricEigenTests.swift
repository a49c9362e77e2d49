import Foundation
import XCTest
@testable import Pipeline

final class SymmetricEigenTests: XCTestCase {
  private func errors(_ a: Tensor, _ values: Tensor, _ vectors: Tensor)
    -> (reconstruction: Double, orthogonality: Double) {
    eigenResiduals(a, values: values, vectors: vectors)
  }

  private func covariance(_ n: Int, rows: Int, seed: UInt64) -> Tensor {
    EigenBenchmark.covariance(n, rows: rows, seed: seed)
  }

  func testTwoByTwo() {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1, vectors (1, ±1)/√2.
    let a = Tensor(shape: [2, 2], scalars: [2, 1, 1, 2])
    let (values, vectors) = symmetricEigen(a)
    XCTAssertEqual(values.scalars[0], 3, accuracy: 1e-6)
    XCTAssertEqual(values.scalars[1], 1, accuracy: 1e-6)
    let root = Float(0.5).squareRoot()
    XCTAssertEqual(abs(vectors[0, 0]), root, accuracy: 1e-6)
    XCTAssertEqual(vectors[0, 0] * vectors[1, 0],
                   0.5, accuracy: 1e-6)
    XCTAssertEqual(vectors[0, 1] * vectors[1, 1],
                   -0.5, accuracy: 1e-6)
  }

  func testDiagonalAndTinyInputs() {
    let d = Tensor(shape: [3, 3], scalars: [1, 0, 0, 0, 5, 0, 0, 0, -2])
    let (values, vectors) = symmetricEigen(d)
    XCTAssertEqual(values.scalars, [5, 1, -2])
    XCTAssertEqual(abs(vectors[1, 0]), 1)
    XCTAssertEqual(symmetricEigen(Tensor(shape: [1, 1], scalars: [4]))
                   .values.scalars, [4])
    XCTAssertEqual(symmetricEigen(Tensor(zeros: [0, 0])).values.count, 0)
    let zero = symmetricEigen(Tensor(zeros: [4, 4]))
    XCTAssertEqual(zero.values.scalars, [0, 0, 0, 0])
    XCTAssertLessThan(errors(Tensor(zeros: [4, 4]), zero.values,
                             zero.vectors).orthogonality, 1e-6)
  }

  func testCovariance64() {
    let a = covariance(64, rows: 100, seed: 1)
    let (values, vectors) = symmetricEigen(a)
    let (reconstruction, orthogonality) = errors(a, values, vectors)
    XCTAssertLessThan(reconstruction, 1e-5)
    XCTAssertLessThan(orthogonality, 1e-5)
    XCTAssert(zip(values.scalars, values.scalars.dropFirst())
              .allSatisfy { $0 >= $1 }, "values not descending")
    XCTAssertEqual(Double(values.scalars.reduce(0, +)),
                   (0..<64).reduce(0.0) { $0 + Double(a[$1, $1]) },
                   accuracy: 1e-3)  // trace is kept
  }

  func testRankDeficientWithRepeatedEigenvalues() {
    // 10 samples in 40 dimensions: 30 zero eigenvalues.
    let a = covariance(40, rows: 10, seed: 2)
    let (values, vectors) = symmetricEigen(a)
    let (reconstruction, orthogonality) = errors(a, values, vectors)
    XCTAssertLessThan(reconstruction, 1e-5)
    XCTAssertLessThan(orthogonality, 1e-5)
    XCTAssertLessThan(abs(values.scalars[39]), 1e-5)
  }

  /// The size PCA needs; slow in debug, so only with NNPIPE_SLOW_TESTS=1.
  func testScientificFormat() {
    XCTAssertEqual(EigenBenchmark.scientific(0.000012345), "1.2e-05")
    XCTAssertEqual(EigenBenchmark.scientific(3.0), "3.0e+00")
  }

  func testCovariance1024() throws {
    try XCTSkipUnless(
      ProcessInfo.processInfo.environment["NNPIPE_SLOW_TESTS"] == "1",
      "set NNPIPE_SLOW_TESTS=1 (best with -c release)")
    let a = covariance(1024, rows: 2048, seed: 3)
    let start = Date()
    let (values, vectors) = symmetricEigen(a)
    let seconds = Date().timeIntervalSince(start)
    let (reconstruction, orthogonality) = errors(a, values, vectors)
    print("symmetricEigen 1024: \(seconds) s, reconstruction "
          + "\(reconstruction), orthogonality \(orthogonality)")
    XCTAssertLessThan(reconstruction, 1e-4)
    XCTAssertLessThan(orthogonality, 1e-4)
  }
}
