import XCTest
@testable import Pipeline

final class ColormapTests: XCTestCase {
    let map = Colormap(anchors: [RGB(0, 0, 0), RGB(200, 100, 0),
                                 RGB(200, 200, 255)])

    func testEndsAreTheFirstAndLastAnchors() {
        XCTAssertEqual(map.color(0), RGB(0, 0, 0))
        XCTAssertEqual(map.color(1), RGB(200, 200, 255))
        XCTAssertEqual(map.color(0.5), RGB(200, 100, 0))
    }

    func testBetweenAnchorsIsAStraightLine() {
        XCTAssertEqual(map.color(0.25), RGB(100, 50, 0))
        // 0.875: three quarters from the middle anchor to the last.
        XCTAssertEqual(map.color(0.875), RGB(200, 175, 191))
    }

    func testOutOfRangeIsClampedAndNaNIsTheFirstColour() {
        XCTAssertEqual(map.color(-3), map.color(0))
        XCTAssertEqual(map.color(7), map.color(1))
        XCTAssertEqual(map.color(.nan), map.color(0))
    }

    func testHeatStartsWhite() {
        XCTAssertEqual(Colormap.heat.color(0), .white)
        XCTAssertEqual(Colormap.heat.color(1), Colormap.heat.anchors.last)
    }
}
