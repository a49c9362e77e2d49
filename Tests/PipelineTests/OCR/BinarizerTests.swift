import XCTest

@testable import Pipeline

/// A synthetic phone photo: a sheet on a dark desk, light falling off to
/// the right, sensor noise, blue ink, a thick pen, and a faint old mark.
final class BinarizerTests: XCTestCase {
    static let (height, width) = (300, 400)
    /// The sheet covers rows 40...259, columns 40...359.
    static func isSheet(_ y: Int, _ x: Int) -> Bool {
        (40...259).contains(y) && (40...359).contains(x)
    }

    /// Letters: (top, left, bottom, right, ink level as a fraction of the
    /// paper), corners inclusive. The L is two rectangles.
    static let strokes: [(Int, Int, Int, Int, Float)] = [
        (100, 80, 139, 85, 0.5),  // I, blue ink (see `photo`)
        (100, 120, 139, 125, 0.55), (134, 120, 139, 145, 0.55),  // L, pencil
        (100, 170, 139, 183, 0.4),  // a thick pen
        (100, 300, 139, 305, 0.55),  // in the shadow
    ]
    /// Half-erased writing: 8% darker than the paper.
    static let faint = (180, 200, 219, 205)

    static func photo() -> (samples: [Float], inkAt: (Int, Int) -> Bool) {
        var generator = SeededGenerator(seed: 7)
        var samples = [Float](repeating: 0, count: height * width * 3)
        func inkLevel(_ y: Int, _ x: Int) -> Float? {
            for s in strokes where (s.0...s.2).contains(y) && (s.1...s.3).contains(x) {
                return s.4
            }
            return nil
        }
        for y in 0..<height {
            for x in 0..<width {
                let paper: Float = 0.9 - 0.4 * Float(x) / Float(width)
                var rgb: [Float] = isSheet(y, x)
                    ? [paper, paper, paper * 0.95] : [0.15, 0.12, 0.1]
                if isSheet(y, x), let level = inkLevel(y, x) {
                    // Blue: dark in red and green, brighter in blue.
                    rgb = [paper * level, paper * level, paper * 0.8]
                } else if (faint.0...faint.2).contains(y),
                    (faint.1...faint.3).contains(x)
                {
                    rgb = rgb.map { $0 * 0.92 }
                }
                // The desk is grainy: its noise is four times the sheet's.
                let grain: Float = isSheet(y, x) ? 0.03 : 0.16
                for c in 0..<3 {
                    let noise = Float(generator.nextDouble() - 0.5) * grain
                    samples[(y * width + x) * 3 + c] =
                        min(1, max(0, rgb[c] + noise))
                }
            }
        }
        return (samples, { y, x in inkLevel(y, x) != nil })
    }

    func testInkFoundShadowFaintMarksAndDeskIgnored() throws {
        let (samples, inkAt) = BinarizerTests.photo()
        let grey = Plane.darkestChannel(
            of: samples, height: BinarizerTests.height,
            width: BinarizerTests.width, channels: 3)
        let result = Binarizer().binarize(grey)
        let mask = result.mask

        var (strokePixels, strokeFound, falseInk) = (0, 0, 0)
        for y in 0..<mask.height {
            for x in 0..<mask.width {
                if inkAt(y, x) {
                    strokePixels += 1
                    if mask[y, x] { strokeFound += 1 }
                } else if mask[y, x], (50...249).contains(y),
                    (50...349).contains(x),
                    !(-1...1).contains(where: { dy in
                        (-1...1).contains { inkAt(y + dy, x + $0) }
                    })
                {
                    // Inside the sheet, away from its edge, and more than
                    // a pixel from a stroke (the blur spreads edges by 1).
                    falseInk += 1
                }
            }
        }
        XCTAssertGreaterThan(Double(strokeFound), 0.97 * Double(strokePixels))
        XCTAssertEqual(falseInk, 0)
        let stroke = try XCTUnwrap(result.strokeWidth)
        XCTAssertTrue((4...12).contains(stroke), "stroke width \(stroke)")

        // The desk's edge makes no box; the four letters make one each,
        // up to a pixel wider than drawn on each side (the blur spreads
        // the edges).
        let boxes = CharacterBoxer().boxes(Components(mask)).boxes
            .sorted { $0.left < $1.left }
        XCTAssertEqual(boxes.count, 4, "\(boxes)")
        for (box, drawn) in zip(boxes, [
            (100, 80, 139, 85), (100, 120, 139, 145), (100, 170, 139, 183),
            (100, 300, 139, 305),
        ]) {
            XCTAssertTrue((drawn.0 - 1...drawn.0).contains(box.top), "\(box)")
            XCTAssertTrue((drawn.1 - 1...drawn.1).contains(box.left), "\(box)")
            XCTAssertTrue((drawn.2...drawn.2 + 1).contains(box.bottom), "\(box)")
            XCTAssertTrue((drawn.3...drawn.3 + 1).contains(box.right), "\(box)")
        }
    }

    func testAPageWithoutWritingHasNoInk() {
        var generator = SeededGenerator(seed: 3)
        let pixels = (0..<(200 * 300)).map { (i: Int) -> Float in
            let shade: Float = 0.8 - 0.3 * Float(i % 300) / 300
            let noise = Float(generator.nextDouble() - 0.5) * 0.04
            return shade + noise
        }
        let result = Binarizer().binarize(
            Plane(width: 300, height: 200, pixels: pixels))
        XCTAssertEqual(result.mask.inkCount, 0)
        XCTAssertNil(result.strokeWidth)
    }

    func testLimitationStrokesWiderThanThePaperWindowAreLost() {
        // A 200 x 200 page: the first paper window is 4 px (1/50 of the
        // side). A 6 px bar is found; the middle of a 60 px blob is
        // darker than 0.4 of the paper over its whole smoothed window,
        // reads as no paper, and is lost.
        func ink(barWidth: Int) -> InkMask {
            var pixels = [Float](repeating: 0.9, count: 200 * 200)
            for y in 75..<125 {
                for x in 100..<(100 + barWidth) { pixels[y * 200 + x] = 0.1 }
            }
            return Binarizer().binarize(
                Plane(width: 200, height: 200, pixels: pixels)).mask
        }
        XCTAssertTrue(ink(barWidth: 6)[100, 102])
        XCTAssertFalse(ink(barWidth: 60)[100, 130])
    }
}
