import XCTest

@testable import Pipeline

final class InkMaskTests: XCTestCase {
    func testDilationGrowsAPixelIntoASquare() {
        let dot = mask([".....", ".....", "..#..", ".....", "....."])
        XCTAssertEqual(
            rows(dot.dilated(radius: 1)),
            [".....", ".###.", ".###.", ".###.", "....."])
        XCTAssertEqual(
            rows(dot.dilated(radius: 2)),
            ["#####", "#####", "#####", "#####", "#####"])
        XCTAssertEqual(dot.dilated(radius: 0), dot)
    }

    func testErosionKeepsOnlyFullWindowsAndTheBorderCountsAsInk() {
        let block = mask(["###..", "###..", "###..", ".....", "....."])
        // The block touches the top and left border: only its bottom and
        // right edges are eaten.
        XCTAssertEqual(
            rows(block.eroded(radius: 1)),
            ["##...", "##...", ".....", ".....", "....."])
    }

    func testOpeningDropsThinInkAndClosingFillsGaps() {
        let shapes = mask([
            "........", ".###....", ".###..#.", ".###....", "........",
        ])
        XCTAssertEqual(
            rows(shapes.opened(radius: 1)),
            ["........", ".###....", ".###....", ".###....", "........"])
        let broken = mask(["........", ".##.##..", "........"])
        XCTAssertEqual(
            rows(broken.closed(radius: 1)),
            ["........", ".#####..", "........"])
        // Ink on the border stays as it is.
        let edge = mask(["##.#", "....", "...."])
        XCTAssertEqual(
            rows(edge.closed(radius: 1)), ["####", "....", "...."])
    }

    func testStrokeWidthOfABar() throws {
        // A 3 x 40 bar: area 120, edges 2 * 40 + 2 * 3 = 86, 240 / 86.
        let bar = rectangles(height: 50, width: 10, [(5, 3, 44, 5)])
        XCTAssertEqual(try XCTUnwrap(bar.strokeWidth), 240.0 / 86, accuracy: 1e-12)
        XCTAssertNil(rectangles(height: 4, width: 4, []).strokeWidth)
    }

    func testStrokeWidthOnRunsLeavesOutComponentsSpanningAThird() throws {
        // The bar, an L (5 x 3 stem, 2 x 3 foot) and a line along the
        // bottom border, which is left out.
        var ink = rectangles(
            height: 60, width: 30,
            [(5, 3, 16, 5), (30, 10, 34, 12), (33, 13, 34, 15)])
        for x in 0..<30 { ink.ink[59 * 30 + x] = 1 }
        let runs = InkRuns(ink)
        // The L: area 15 + 6 = 21, outline 2 x (5 + 6) = 22.
        let lShape = rectangles(
            height: 60, width: 30, [(30, 10, 34, 12), (33, 13, 34, 15)])
        XCTAssertEqual(
            try XCTUnwrap(InkRuns(lShape).letterStrokeWidth(
                height: 60, width: 30)),
            2.0 * 21 / 22, accuracy: 1e-12)
        // With the frame left out, runs and pixels agree.
        let bar = rectangles(height: 60, width: 30, [(5, 3, 16, 5)])
        let both = rectangles(
            height: 60, width: 30,
            [(5, 3, 16, 5), (30, 10, 34, 12), (33, 13, 34, 15)])
        XCTAssertEqual(
            try XCTUnwrap(runs.letterStrokeWidth(height: 60, width: 30)),
            try XCTUnwrap(both.strokeWidth), accuracy: 1e-12)
        XCTAssertEqual(
            try XCTUnwrap(InkRuns(bar).letterStrokeWidth(height: 60, width: 30)),
            2.0 * 36 / 30, accuracy: 1e-12)
    }
}

final class ComponentsTests: XCTestCase {
    func testEightConnectivityAndRasterOrder() {
        let ink = mask([
            "#....#",
            ".#...#",
            "..#...",
            "......",
            "##.#.#",
            "...#..",
        ])
        let components = Components(ink)
        XCTAssertEqual(components.count, 5)
        XCTAssertEqual(components.labels, [
            1, 0, 0, 0, 0, 2,
            0, 1, 0, 0, 0, 2,
            0, 0, 1, 0, 0, 0,
            0, 0, 0, 0, 0, 0,
            3, 3, 0, 4, 0, 5,
            0, 0, 0, 4, 0, 0,
        ])
    }

    func testAUJoinsIntoOneComponentNumberedByItsFirstPixel() {
        // Row 0 holds both arms as separate runs; they join in the last
        // row, and the right arm takes the left one's label.
        let u = mask([
            "#...#.#",
            "#...#..",
            "#####..",
        ])
        let components = Components(u)
        XCTAssertEqual(components.count, 2)
        XCTAssertEqual(Array(components.labels[0..<7]), [1, 0, 0, 0, 1, 0, 2])
        XCTAssertEqual(
            components.statistics(),
            [
                ComponentStatistics(
                    box: CharacterBox(top: 0, left: 0, bottom: 2, right: 4),
                    area: 9),
                ComponentStatistics(
                    box: CharacterBox(top: 0, left: 6, bottom: 0, right: 6),
                    area: 1),
            ])
    }

    func testEmptyAndFullMasks() {
        XCTAssertEqual(Components(mask(["...", "..."])).count, 0)
        let full = Components(mask(["###", "###"]))
        XCTAssertEqual(full.count, 1)
        XCTAssertEqual(full.labels, [1, 1, 1, 1, 1, 1])
    }
}

final class PlaneTests: XCTestCase {
    func testBoxMeanCutsTheWindowAtTheEdges() {
        let plane = Plane(width: 3, height: 1, pixels: [0, 3, 6])
        // Windows {0, 3}, {0, 3, 6}, {3, 6}.
        XCTAssertEqual(plane.boxMean(radius: 1).pixels, [1.5, 3, 4.5])
        let square = Plane(width: 2, height: 2, pixels: [0, 4, 8, 12])
        XCTAssertEqual(square.boxMean(radius: 1).pixels, [6, 6, 6, 6])
    }

    func testBlockMaximumAndEnlargingAConstant() {
        let plane = Plane(width: 3, height: 2, pixels: [1, 5, 2, 3, 0, 9])
        XCTAssertEqual(plane.blockMaximum(factor: 2).pixels, [5, 9])
        let flat = Plane(width: 2, height: 2, fill: 0.75)
        XCTAssertEqual(
            flat.enlarged(factor: 3, width: 5, height: 6).pixels,
            [Float](repeating: 0.75, count: 30))
    }

    func testDarkestChannelIgnoresAlpha() {
        // One RGBA pixel of blue ink with alpha 0 and one RG pixel of
        // grey + alpha.
        let blue = Plane.darkestChannel(
            of: [0.1, 0.2, 0.9, 0], height: 1, width: 1, channels: 4)
        XCTAssertEqual(blue.pixels, [0.1])
        let grey = Plane.darkestChannel(
            of: [0.6, 0.0], height: 1, width: 1, channels: 2)
        XCTAssertEqual(grey.pixels, [0.6])
    }
}
