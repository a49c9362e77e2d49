import XCTest

@testable import Pipeline

final class CharacterBoxerTests: XCTestCase {
    /// Letters 20 px tall on a 60 x 200 page.
    func boxes(_ rectangles: [(Int, Int, Int, Int)]) -> [CharacterBox] {
        let ink = OCRTestSupport.page(rectangles)
        return CharacterBoxer().boxes(Components(ink)).boxes
    }

    func testOneBoxPerLetterSpecksAndBorderInkDropped() {
        let found = boxes([
            (20, 10, 39, 21),  // a letter
            (20, 40, 39, 51),  // a letter
            (38, 60, 39, 61),  // a full stop, 2 px: a speck
            (0, 100, 59, 105),  // the sheet's edge, touching the border
        ])
        XCTAssertEqual(found, [
            CharacterBox(top: 20, left: 10, bottom: 39, right: 21),
            CharacterBox(top: 20, left: 40, bottom: 39, right: 51),
        ])
    }

    func testPiecesOfOneLetterMerge() {
        // A stem with a bar above it, 3 px apart (an E's parts, a broken
        // stroke), next to an ordinary letter.
        let found = boxes([
            (24, 10, 39, 13), (20, 10, 21, 21),
            (20, 40, 39, 51),
        ])
        XCTAssertEqual(found, [
            CharacterBox(top: 20, left: 10, bottom: 39, right: 21),
            CharacterBox(top: 20, left: 40, bottom: 39, right: 51),
        ])
    }

    func testLettersOfNeighbouringLinesStayApart() {
        // The same column, two lines 10 px (half a letter) apart.
        let found = boxes([(5, 10, 24, 21), (35, 10, 54, 21)])
        XCTAssertEqual(found.count, 2)
    }

    func testTouchingLettersSplitAtTheThinnestColumn() {
        // Two 12 px letters joined by a 1 px bridge at columns 52...53,
        // among three single letters that set the typical width.
        let found = boxes([
            (20, 10, 39, 21), (20, 150, 39, 161), (20, 175, 39, 186),
            (20, 40, 39, 51), (30, 52, 30, 53), (20, 54, 39, 65),
        ])
        XCTAssertEqual(found.count, 5)
        XCTAssertTrue(found.contains(
            CharacterBox(top: 20, left: 40, bottom: 39, right: 52)
        ) || found.contains(
            CharacterBox(top: 20, left: 40, bottom: 39, right: 51)), "\(found)")
        XCTAssertTrue(found.contains {
            $0.top == 20 && $0.bottom == 39 && $0.right == 65
                && (52...54).contains($0.left)
        }, "\(found)")
    }

    func testAPageWithoutInkHasNoBoxes() {
        XCTAssertEqual(boxes([]), [])
    }

    func testALetterSpanningAThirdOfTheImageIsNoOutline() {
        // A letter 25 px tall on the 60 px page (a tightly cropped word)
        // fills its box: it stays. Before, extent alone dropped it.
        XCTAssertEqual(boxes([(10, 10, 34, 21)]).count, 1)
        // A sheet's outline: a 1 px frame 40 x 150 (fill 4.5%), beside a
        // letter, goes.
        let frame = [
            (5, 30, 5, 179), (44, 30, 44, 179),
            (5, 30, 44, 30), (5, 179, 44, 179),
        ]
        XCTAssertEqual(
            boxes(frame + [(20, 10, 39, 21)]),
            [CharacterBox(top: 20, left: 10, bottom: 39, right: 21)])
        // A straight edge along two thirds of the width, 2 px thick.
        XCTAssertEqual(
            boxes([(50, 30, 51, 170), (20, 10, 39, 21)]),
            [CharacterBox(top: 20, left: 10, bottom: 39, right: 21)])
    }

    func testLimitationALetterFillingTheFrameReadsAsAFrame() {
        // A letter 45 x 45 px with 20% fill in a 60 x 60 photo spans two
        // thirds both ways, like a frame around a page.
        let letter = ComponentStatistics(
            box: CharacterBox(top: 5, left: 5, bottom: 49, right: 49),
            area: 405)
        XCTAssertTrue(letter.isOutline(height: 60, width: 60))
        // In a photo twice as wide it is a letter.
        XCTAssertFalse(letter.isOutline(height: 60, width: 120))
    }

    func testLabelsNoPixelCarriesAreSkipped() {
        // A hand-made label image using labels 3 and 7 only.
        var labels = [Int32](repeating: 0, count: 60 * 200)
        for y in 20...39 {
            for x in 10...21 { labels[y * 200 + x] = 3 }
            for x in 40...51 { labels[y * 200 + x] = 7 }
        }
        let found = CharacterBoxer().boxes(Components(
            width: 200, height: 60, labels: labels, count: 7)).boxes
        XCTAssertEqual(found.count, 2)
    }
}

final class CropNormalizerTests: XCTestCase {
    func testAVerticalBarInTheTrainingLayout() {
        // A 3 x 40 bar in a 60 x 30 mask, its box the bar itself.
        let ink = rectangles(height: 60, width: 30, [(10, 10, 49, 12)])
        let box = CharacterBox(top: 10, left: 10, bottom: 49, right: 12)
        var normalizer = CropNormalizer()
        normalizer.strokeFraction = 0  // no dilation: exact extent
        let crop = normalizer.crop(ink, box: box, strokeWidth: 3)
        XCTAssertEqual(crop.count, 1024)
        XCTAssertTrue(crop.allSatisfy { (0...1).contains($0) })

        // Column-major: element c * 32 + r. The bar runs down the middle
        // column: rows 3...28 (26 px, the fill) are ink there, the corners
        // are paper.
        func pixel(_ r: Int, _ c: Int) -> Float { crop[c * 32 + r] }
        XCTAssertEqual(pixel(0, 0), 1)
        XCTAssertEqual(pixel(31, 31), 1)
        XCTAssertLessThan(pixel(16, 16), 0.5)
        XCTAssertLessThan(pixel(4, 16), 0.5)
        XCTAssertLessThan(pixel(27, 16), 0.5)
        XCTAssertGreaterThan(pixel(1, 16), 0.9)
        XCTAssertGreaterThan(pixel(30, 16), 0.9)
        XCTAssertGreaterThan(pixel(16, 10), 0.99)
        XCTAssertGreaterThan(pixel(16, 22), 0.99)
        let inkRows = (0..<32).filter { pixel($0, 16) < 0.5 }
        XCTAssertEqual(inkRows.first, 3)
        XCTAssertEqual(inkRows.last, 28)
    }

    func testThinStrokesAreThickenedToTheTrainingWidth() {
        // A 1 px wide, 100 px tall bar: 0.1 of the side is 10 px at photo
        // scale, about 2.6 px of the crop.
        let ink = rectangles(height: 120, width: 40, [(10, 20, 109, 20)])
        let box = CharacterBox(top: 10, left: 20, bottom: 109, right: 20)
        let crop = CropNormalizer().crop(ink, box: box, strokeWidth: 1)
        let inkColumns = (0..<32).filter { crop[$0 * 32 + 16] < 0.5 }
        XCTAssertTrue((2...4).contains(inkColumns.count), "\(inkColumns)")
    }
}
