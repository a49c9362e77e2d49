import XCTest
@testable import Pipeline

final class TensorTests: XCTestCase {
  let matrix = Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])

  func testShapeAndSubscript() {
    var t = matrix
    XCTAssertEqual(t.rank, 2)
    XCTAssertEqual(t.count, 6)
    XCTAssertEqual(t[1, 2], 5)
    t[0, 1] = 9
    XCTAssertEqual(t.scalars, [0, 9, 2, 3, 4, 5])
    XCTAssertEqual(Tensor(zeros: [2, 0]).count, 0)
    XCTAssertEqual(Tensor(repeating: 2, shape: []).scalars, [2])
  }

  func testReshapeTransposeRows() {
    XCTAssertEqual(matrix.reshaped([3, 2]).shape, [3, 2])
    XCTAssertEqual(matrix.transposed(),
                   Tensor(shape: [3, 2], scalars: [0, 3, 1, 4, 2, 5]))
    var g = SeededGenerator(seed: 1)
    let big = Tensor.uniform(shape: [37, 70], low: 0, high: 1, using: &g)
    XCTAssertEqual(big.transposed().transposed(), big)
    XCTAssertEqual(big.transposed()[69, 36],
                   big[36, 69])
    XCTAssertEqual(matrix.rows([1, 0, 1]).scalars,
                   [3, 4, 5, 0, 1, 2, 3, 4, 5])
    XCTAssertEqual(matrix.rows(1..<2),
                   Tensor(shape: [1, 3], scalars: [3, 4, 5]))
    let cube = Tensor(shape: [3, 2, 2], scalars: (0..<12).map(Float.init))
    XCTAssertEqual(cube.rows([2]).shape, [1, 2, 2])
    XCTAssertEqual(cube.rows([2]).scalars, [8, 9, 10, 11])
    XCTAssertEqual(cube.rows(0..<0).shape, [0, 2, 2])
  }

  func testElementwiseArithmetic() {
    let a = Tensor(shape: [2], scalars: [1, -2])
    let b = Tensor(shape: [2], scalars: [4, 8])
    XCTAssertEqual((a + b).scalars, [5, 6])
    XCTAssertEqual((a - b).scalars, [-3, -10])
    XCTAssertEqual((a * b).scalars, [4, -16])
    XCTAssertEqual((a / b).scalars, [0.25, -0.25])
    XCTAssertEqual((a + 1).scalars, [2, -1])
    XCTAssertEqual((1 - a).scalars, [0, 3])
    XCTAssertEqual((2 * a).scalars, [2, -4])
    XCTAssertEqual((a / 2).scalars, [0.5, -1])
    XCTAssertEqual((8 / b).scalars, [2, 1])
    XCTAssertEqual((-a).scalars, [-1, 2])
    var c = a
    c += b
    c -= a
    XCTAssertEqual(c, b)
    c *= a
    XCTAssertEqual(c.scalars, [4, -16])
    c *= 0.5
    XCTAssertEqual(c.scalars, [2, -8])
    XCTAssertEqual(a.map { $0 * $0 }.scalars, [1, 4])
  }

  func testSpecialValues() {
    let x = Tensor(shape: [4], scalars: [0, -0.0, .infinity, .nan])
    let quotient = 1 / x
    XCTAssertEqual(quotient.scalars[0], .infinity)
    XCTAssertEqual(quotient.scalars[1], -.infinity)
    XCTAssertEqual(quotient.scalars[2], 0)
    XCTAssert(quotient.scalars[3].isNaN)
    let difference = x - x
    XCTAssertEqual(difference.scalars[0], 0)
    XCTAssert(difference.scalars[2].isNaN)  // inf − inf
    XCTAssertEqual((-x).scalars[0].sign, .minus)
    XCTAssertEqual((-x).scalars[1].sign, .plus)
    XCTAssert(x.sum().isNaN)
    XCTAssert(x.max(axis: 0).scalars[0].isNaN)
    XCTAssertEqual(Tensor(zeros: [0]).sum(), 0)
    XCTAssert(Tensor(zeros: [0]).mean().isNaN)
    let wide = Tensor(shape: [1, 3], scalars: [1, .nan, 5])
    XCTAssertEqual(wide.argmax(axis: 1), [1])
  }

  func testAddingRow() {
    let bias = Tensor(shape: [3], scalars: [10, 20, 30])
    XCTAssertEqual(matrix.addingRow(bias).scalars, [10, 21, 32, 13, 24, 35])
  }

  func testReductions() {
    XCTAssertEqual(matrix.sum(), 15)
    XCTAssertEqual(matrix.mean(), 2.5)
    XCTAssertEqual(matrix.sum(axis: 0), Tensor(shape: [3], scalars: [3, 5, 7]))
    XCTAssertEqual(matrix.sum(axis: 1), Tensor(shape: [2], scalars: [3, 12]))
    XCTAssertEqual(matrix.max(axis: 0).scalars, [3, 4, 5])
    XCTAssertEqual(matrix.max(axis: 1).scalars, [2, 5])
    let cube = Tensor(shape: [2, 2, 2], scalars: [1, 8, 3, 4, 5, 6, 7, 2])
    XCTAssertEqual(cube.sum(axis: 1).scalars, [4, 12, 12, 8])
    XCTAssertEqual(cube.max(axis: 2).scalars, [8, 4, 6, 7])
    XCTAssertEqual(Tensor(zeros: [0, 3]).sum(axis: 0).scalars, [0, 0, 0])
    let ties = Tensor(shape: [2, 3], scalars: [1, 7, 7, 9, 0, 9])
    XCTAssertEqual(ties.argmax(axis: 1), [1, 0])
    XCTAssertEqual(ties.argmax(axis: 0), [1, 0, 1])
  }
}
