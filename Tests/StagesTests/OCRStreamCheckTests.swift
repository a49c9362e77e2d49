import XCTest

@testable import Stages

/// Numbers read from a stream (attributes, labels, box corners, the
/// number of boxes) are checked before they size or index anything.
extension OCRStageTests {
    func assertError<S: Stage>(
        _ type: S.Type, _ words: [String], _ records: [Record],
        _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(
            try run(type, words, records), file: file, line: line
        ) { error in
            XCTAssertEqual(
                (error as? StageError)?.message, message, file: file,
                line: line)
        }
    }

    func mask(strokeWidth: String? = nil) -> Record {
        var ink = [Float](repeating: 1, count: 40 * 60)
        for y in 10...29 { for x in 10...15 { ink[y * 60 + x] = 0 } }
        return Record(
            name: "ink", role: "mask",
            attributes: strokeWidth.map { ["stroke-width": $0] } ?? [:],
            shape: [40, 60], data: .float32(ink))
    }

    func boxes(_ values: [Int32]) -> Record {
        Record(
            name: "boxes", role: "boxes", shape: [values.count / 4, 4],
            data: .int32(values))
    }

    func testResizeRefusesAStrokeWidthThatIsNoMeasurement() throws {
        // Each of these crashed or allocated without bound before
        // (Double -> Int of nan, inf, 1e30).
        for value in ["nan", "inf", "-inf", "1e30", "0", "-5", "abc", ""] {
            assertError(
                Resize.self, [], [mask(strokeWidth: value),
                                  boxes([10, 10, 29, 15])],
                "ink [40, 60] float32 (mask): stroke-width=\(value) is not "
                    + "a number in 0.01...60")
        }
        let crops = try run(
            Resize.self, [], [mask(strokeWidth: "6"), boxes([10, 10, 29, 15])])
        XCTAssertEqual(crops.named("crops")?.shape, [1, 1024])
    }

    func testLabelsAreCheckedAgainstPixelsAndCount() throws {
        // One huge label once sized an 85 GB array.
        var labels = [Int32](repeating: 0, count: 40 * 60)
        labels[0] = Int32.max
        let huge = Record(
            name: "components", role: "components", shape: [40, 60],
            data: .int32(labels))
        let message = "components [40, 60] int32 (components) holds label "
            + "2147483647: labels must lie in 0...2400 (the 2400 pixels)"
        assertError(Box.self, [], [huge], message)
        assertError(Resize.self, [], [mask(), boxes([]), huge], message)

        labels[0] = 5
        var counted = huge
        counted.data = .int32(labels)
        counted.attributes["count"] = "3"
        assertError(
            Box.self, [], [counted],
            "components [40, 60] int32 (components) holds label 5: labels "
                + "must lie in 0...3 (count=3)")
        counted.attributes["count"] = "nan"
        assertError(
            Box.self, [], [counted],
            "components [40, 60] int32 (components): count=nan is not a "
                + "number in 0...2400")
        labels[0] = -7
        counted.data = .int32(labels)
        counted.attributes = [:]
        assertError(
            Box.self, [], [counted],
            "components [40, 60] int32 (components) holds label -7: labels "
                + "must lie in 0...2400 (the 2400 pixels)")
    }

    func testBoxesAreCheckedAgainstTheImageAndTheLimit() throws {
        assertError(
            Resize.self, [], [mask(), boxes([10, 10, 45, 15])],
            "box 0 [10, 10, 45, 15] does not lie inside the 60x40 image")
        assertError(
            Resize.self, [], [mask(), boxes([10, 10, 5, 15])],
            "box 0 [10, 10, 5, 15] does not lie inside the 60x40 image")
        let floats = Record(
            name: "boxes", role: "boxes", shape: [1, 4],
            data: .float32([1, .nan, 3, 4]))
        assertError(
            Resize.self, [], [mask(), floats],
            "boxes [1, 4] float32 (boxes): box 0 holds nan, not a pixel "
                + "position")
        let probabilities = Record(
            name: "probabilities", role: "probabilities",
            attributes: ["classes": "AB"], shape: [1, 2],
            data: .float32([1, 0]))
        assertError(
            Decode.self, [], [boxes([-1, 0, 3, 3]), probabilities],
            "box 0 [-1, 0, 3, 3] is no box (y1 <= y2, x1 <= x2, none "
                + "negative)")

        let two = boxes([10, 10, 29, 15, 10, 10, 20, 12])
        assertError(
            Resize.self, ["max-boxes=1"], [mask(), two],
            "boxes [2, 4] int32 (boxes) holds more than max-boxes=1 boxes")
        assertError(
            Decode.self, ["max-boxes=1"], [two, probabilities],
            "boxes [2, 4] int32 (boxes) holds more than max-boxes=1 boxes")
    }

    func testBoxRefusesMoreBoxesThanMaxBoxes() throws {
        // Three separate 10 x 6 letters on a 40 x 60 page.
        var labels = [Int32](repeating: 0, count: 40 * 60)
        for (n, left) in [10, 25, 40].enumerated() {
            for y in 10...19 {
                for x in left...(left + 5) { labels[y * 60 + x] = Int32(n + 1) }
            }
        }
        let components = Record(
            name: "components", role: "components", shape: [40, 60],
            data: .int32(labels))
        XCTAssertEqual(
            try run(Box.self, [], [components]).named("boxes")?.shape, [3, 4])
        assertError(
            Box.self, ["max-boxes=2"], [components],
            "3 boxes from 3 components, more than max-boxes=2: is this a "
                + "photo of writing? (raise max-boxes= if it is)")
    }

    func testBinarizeSaysWhyAnInvertedPhotoHasNoInk() throws {
        // White bars on a dark ground: every pixel is far darker than the
        // paper level around the bars, so the darkness never splits.
        let photo = image(160, 200) { y, x in
            let bar = (20...59).contains(y)
                && [20...25, 44...49, 110...115].contains { $0.contains(x) }
            return bar ? 0.9 : 0.1
        }
        let grey = try Binarize.grey(photo, minSize: 32)
        let result = Binarizer().binarize(grey)
        XCTAssertFalse(result.foundSplit)
        XCTAssertEqual(result.mask.inkCount, 0)
        XCTAssertTrue(
            Binarize.whyNoInk(noiseFloor: result.noiseFloor)
                .contains("light writing on a dark ground"),
            "\(result.noiseFloor)")
    }
}
