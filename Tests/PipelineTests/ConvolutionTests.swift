import XCTest
@testable import Pipeline

final class ConvolutionTests: XCTestCase {
  /// Direct convolution by definition, summed in Double.
  private func reference(_ x: Tensor, _ w: Tensor, _ bias: Tensor?,
                         stride: Int, padding: Int) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
    let oh = (h + 2 * padding - kh) / stride + 1
    let ow = (wd + 2 * padding - kw) / stride + 1
    var y = Tensor(zeros: [n, o, oh, ow])
    for b in 0..<n {
      for oc in 0..<o {
        for i in 0..<oh {
          for j in 0..<ow {
            var total = Double(bias?.scalars[oc] ?? 0)
            for ic in 0..<c {
              for u in 0..<kh {
                for v in 0..<kw {
                  let (r, s) = (i * stride - padding + u,
                                j * stride - padding + v)
                  guard r >= 0 && r < h && s >= 0 && s < wd else { continue }
                  total += Double(x.scalars[((b * c + ic) * h + r) * wd + s])
                    * Double(w.scalars[((oc * c + ic) * kh + u) * kw + v])
                }
              }
            }
            y.scalars[((b * o + oc) * oh + i) * ow + j] = Float(total)
          }
        }
      }
    }
    return y
  }

  func testTinyExactCase() {
    // 3×3 image 0..8, 2×2 kernel [[1, 0], [0, -1]], bias 0.5:
    // each output is x[i][j] − x[i+1][j+1] + 0.5 = −4 + 0.5.
    let x = Tensor(shape: [1, 1, 3, 3], scalars: (0..<9).map(Float.init))
    let w = Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
    let y = conv2d(x, weight: w, bias: Tensor(shape: [1], scalars: [0.5]))
    XCTAssertEqual(y, Tensor(shape: [1, 1, 2, 2],
                             scalars: [-3.5, -3.5, -3.5, -3.5]))
    // Padding 1: the corner output sees only x[0][0] through weight −1.
    let padded = conv2d(x, weight: w, bias: nil, padding: 1)
    XCTAssertEqual(padded.shape, [1, 1, 4, 4])
    XCTAssertEqual(padded.scalars[0], -0)
    XCTAssertEqual(padded.scalars[1], -1)
    XCTAssertEqual(padded.scalars[15], 8)
  }

  func testForwardMatchesDirectConvolution() {
    var g = SeededGenerator(seed: 21)
    for (stride, padding) in [(1, 0), (1, 1), (2, 0), (2, 2), (3, 1)] {
      let x = Tensor.uniform(shape: [3, 2, 9, 7], low: -1, high: 1, using: &g)
      let w = Tensor.uniform(shape: [4, 2, 3, 2], low: -1, high: 1, using: &g)
      let b = Tensor.uniform(shape: [4], low: -1, high: 1, using: &g)
      let expected = reference(x, w, b, stride: stride, padding: padding)
      let actual = conv2d(x, weight: w, bias: b, stride: stride,
                          padding: padding)
      XCTAssertEqual(actual.shape, expected.shape)
      XCTAssertLessThan(MathTestSupport.relativeError(
        actual.scalars, expected.scalars), 1e-5, "stride \(stride) pad \(padding)")
    }
  }

  /// Central differences of `L = Σ conv2d(x, w, b) · R` against the
  /// analytic gradients. L is linear in each argument, so a large step
  /// has no truncation error and only Float rounding remains.
  func testBackwardMatchesFiniteDifferences() {
    var g = SeededGenerator(seed: 8)
    for (stride, padding) in [(1, 1), (2, 0), (2, 1)] {
      let x = Tensor.uniform(shape: [2, 3, 6, 5], low: -1, high: 1, using: &g)
      let w = Tensor.uniform(shape: [2, 3, 3, 3], low: -1, high: 1, using: &g)
      let b = Tensor.uniform(shape: [2], low: -1, high: 1, using: &g)
      let y = conv2d(x, weight: w, bias: b, stride: stride, padding: padding)
      let r = Tensor.uniform(shape: y.shape, low: -1, high: 1, using: &g)
      func loss(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Double {
        let out = conv2d(x, weight: w, bias: b, stride: stride,
                         padding: padding)
        return zip(out.scalars, r.scalars).reduce(0.0) {
          $0 + Double($1.0) * Double($1.1)
        }
      }
      let grads = conv2dBackward(input: x, weight: w, outputGradient: r,
                                 stride: stride, padding: padding)
      let step: Float = 0.5
      func numeric(_ t: Tensor, _ i: Int,
                   _ f: (Tensor) -> Double) -> Double {
        var plus = t, minus = t
        plus.scalars[i] += step
        minus.scalars[i] -= step
        return (f(plus) - f(minus)) / Double(2 * step)
      }
      for i in Swift.stride(from: 0, to: x.count, by: 7) {
        let expected = numeric(x, i) { loss($0, w, b) }
        XCTAssertEqual(Double(grads.input.scalars[i]), expected,
                       accuracy: 1e-3, "dx[\(i)] s\(stride) p\(padding)")
      }
      for i in 0..<w.count {
        let expected = numeric(w, i) { loss(x, $0, b) }
        XCTAssertEqual(Double(grads.weight.scalars[i]), expected,
                       accuracy: 1e-3, "dw[\(i)] s\(stride) p\(padding)")
      }
      for i in 0..<b.count {
        let expected = numeric(b, i) { loss(x, w, $0) }
        XCTAssertEqual(Double(grads.bias.scalars[i]), expected,
                       accuracy: 1e-3, "db[\(i)]")
      }
    }
  }

  func testThreadCountDoesNotChangeResults() {
    var g = SeededGenerator(seed: 30)
    let x = Tensor.uniform(shape: [5, 2, 8, 8], low: -1, high: 1, using: &g)
    let w = Tensor.uniform(shape: [3, 2, 3, 3], low: -1, high: 1, using: &g)
    let dy = Tensor.uniform(shape: [5, 3, 8, 8], low: -1, high: 1, using: &g)
    let saved = Parallel.threadCount
    defer { Parallel.threadCount = saved }
    Parallel.threadCount = 1
    let serial = conv2dBackward(input: x, weight: w, outputGradient: dy,
                                stride: 1, padding: 1)
    Parallel.threadCount = 3
    let threaded = conv2dBackward(input: x, weight: w, outputGradient: dy,
                                  stride: 1, padding: 1)
    XCTAssertEqual(serial.input, threaded.input)
    XCTAssertLessThan(MathTestSupport.relativeError(
      threaded.weight.scalars, serial.weight.scalars), 1e-6)
    XCTAssertEqual(serial.bias, threaded.bias)
  }
}
