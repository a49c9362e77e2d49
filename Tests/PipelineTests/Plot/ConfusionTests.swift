import XCTest
@testable import Pipeline

final class ConfusionTests: XCTestCase {
    /// True class by row: A 8 right, 2 as B; B 5 right, 4 as C, 1 as A;
    /// C 10 right.
    let matrix = ConfusionMatrix(counts: [8, 2, 0,
                                          1, 5, 4,
                                          0, 0, 10],
                                 classes: ["A", "B", "C"])

    func testAccuracyIsTheDiagonalOverTheTotal() {
        XCTAssertEqual(matrix.total, 30)
        XCTAssertEqual(matrix.correct, 23)
        XCTAssertEqual(matrix.accuracyText, "accuracy 76.7% (23 of 30)")
        XCTAssertEqual(ConfusionMatrix(counts: [0], classes: ["A"]).accuracy,
                       0)
    }

    func testPairsAddBothDirectionsMostFirst() {
        let pairs = matrix.confusedPairs(limit: 10)
        XCTAssertEqual(pairs.map { [$0.first, $0.second] }, [[1, 2], [0, 1]])
        XCTAssertEqual(matrix.describe(pairs[0]),
                       "B and C: 4 (B as C: 4, C as B: 0)")
        XCTAssertEqual(matrix.describe(pairs[1]),
                       "A and B: 3 (A as B: 2, B as A: 1)")
        XCTAssertEqual(matrix.confusedPairs(limit: 1).count, 1)
    }

    func testClassNamesFromTheAttribute() {
        XCTAssertEqual(ConfusionMatrix.classNames("AB0"), ["A", "B", "0"])
        XCTAssertEqual(ConfusionMatrix.classNames("cat, dog"), ["cat", "dog"])
    }

    func testFigureSizeAndCellColours() {
        var counts = [Int](repeating: 0, count: 36 * 36)
        for i in 0..<36 { counts[i * 36 + i] = 40 }
        counts[14 * 36 + 26] = 45  // O predicted as 0
        counts[26 * 36 + 14] = 9
        let names = (Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")).map {
            String($0)
        }
        let figure = ConfusionFigure(
            matrix: ConfusionMatrix(counts: counts, classes: names),
            title: ["T", "accuracy"])
        let image = figure.render()
        // left 50 = margin 12 + vertical title 14 + 8 + label 10 + 6;
        // top 64 = margin 12 + 2 title lines of 22 + 8; cells 36 * 18;
        // colour bar at 50 + 648 + 20, 20 wide, ticks 0...40 ("40" is 22
        // wide after an 8 gap), margin 12.
        XCTAssertEqual(figure.cellOrigin(truth: 0, predicted: 0).x, 50)
        XCTAssertEqual(figure.cellOrigin(truth: 0, predicted: 0).y, 64)
        XCTAssertEqual(image.width, 718 + 20 + 8 + 22 + 12)
        XCTAssertEqual(image.height, 64 + 648 + 6 + 44 + 12)

        let (x, y) = figure.cellOrigin(truth: 14, predicted: 26)
        XCTAssertEqual(image[x, y], Colormap.heat.anchors.last)
        let (x0, y0) = figure.cellOrigin(truth: 0, predicted: 1)
        XCTAssertEqual(image[x0, y0], .white)
        let (xd, yd) = figure.cellOrigin(truth: 3, predicted: 3)
        XCTAssertEqual(image[xd, yd], Colormap.heat.color(40.0 / 45.0))
        let (x9, y9) = figure.cellOrigin(truth: 26, predicted: 14)
        XCTAssertEqual(image[x9, y9], Colormap.heat.color(0.2))
    }
}
