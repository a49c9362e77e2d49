import XCTest
@testable import Pipeline

final class PoolingTests: XCTestCase {
  func testTinyExactCase() {
    // 4×4 plane 0..15 pooled 2×2 stride 2: maxima at the bottom-right
    // corner of each window.
    let x = Tensor(shape: [1, 1, 4, 4], scalars: (0..<16).map(Float.init))
    let (y, argmax) = maxPool2d(x, size: 2, stride: 2)
    XCTAssertEqual(y, Tensor(shape: [1, 1, 2, 2], scalars: [5, 7, 13, 15]))
    XCTAssertEqual(argmax, [5, 7, 13, 15])
    let dx = maxPool2dBackward(
      outputGradient: Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]),
      argmax: argmax, inputShape: x.shape)
    var expected = Tensor(zeros: x.shape)
    for (index, value) in zip([5, 7, 13, 15], [1, 2, 3, 4] as [Float]) {
      expected.scalars[index] = value
    }
    XCTAssertEqual(dx, expected)
  }

  func testOutputShapesFloorAndCeil() {
    let x = Tensor(zeros: [2, 3, 5, 7])
    XCTAssertEqual(maxPool2d(x, size: 2, stride: 2).output.shape,
                   [2, 3, 2, 3])
    XCTAssertEqual(maxPool2d(x, size: 2, stride: 2, ceilMode: true)
                   .output.shape, [2, 3, 3, 4])
    XCTAssertEqual(maxPool2d(x, size: 3, stride: 1).output.shape,
                   [2, 3, 3, 5])
    // Ceil mode never starts a window past the input.
    XCTAssertEqual(pooledLength(4, size: 2, stride: 2, ceilMode: true), 2)
    XCTAssertEqual(pooledLength(5, size: 3, stride: 3, ceilMode: true), 2)
    XCTAssertEqual(pooledLength(1, size: 2, stride: 2, ceilMode: true), 1)
    XCTAssertEqual(pooledLength(1, size: 2, stride: 2, ceilMode: false), 0)
  }

  func testCeilModeEdgeWindowAndIndexIntoWholeTensor() {
    // Second plane, 3×3, pooled 2×2 stride 2 in ceil mode: the last
    // column window covers only column 2.
    var values = [Float](repeating: -1, count: 18)
    for i in 0..<9 { values[9 + i] = Float(i) }
    let x = Tensor(shape: [1, 2, 3, 3], scalars: values)
    let (y, argmax) = maxPool2d(x, size: 2, stride: 2, ceilMode: true)
    XCTAssertEqual(Array(y.scalars[4...]), [4, 5, 7, 8])
    XCTAssertEqual(Array(argmax[4...]), [13, 14, 16, 17])
  }

  func testGradientMatchesFiniteDifferences() {
    var g = SeededGenerator(seed: 12)
    let x = Tensor.uniform(shape: [2, 2, 7, 6], low: -1, high: 1, using: &g)
    for (size, stride, ceil) in [(2, 2, false), (3, 2, true), (2, 1, false)] {
      let (y, argmax) = maxPool2d(x, size: size, stride: stride,
                                  ceilMode: ceil)
      let r = Tensor.uniform(shape: y.shape, low: -1, high: 1, using: &g)
      let dx = maxPool2dBackward(outputGradient: r, argmax: argmax,
                                 inputShape: x.shape)
      func loss(_ t: Tensor) -> Double {
        let out = maxPool2d(t, size: size, stride: stride, ceilMode: ceil)
        return zip(out.output.scalars, r.scalars).reduce(0.0) {
          $0 + Double($1.0) * Double($1.1)
        }
      }
      // The step is far below the gap between distinct random inputs, so
      // no window changes its winner.
      let step: Float = 1e-3
      for i in 0..<x.count {
        var plus = x, minus = x
        plus.scalars[i] += step
        minus.scalars[i] -= step
        let numeric = (loss(plus) - loss(minus)) / Double(2 * step)
        XCTAssertEqual(Double(dx.scalars[i]), numeric, accuracy: 2e-3,
                       "dx[\(i)] size \(size) stride \(stride)")
      }
    }
  }
}
