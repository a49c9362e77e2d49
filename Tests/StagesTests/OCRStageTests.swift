import XCTest

@testable import Stages

final class OCRStageTests: XCTestCase {
    func run<S: Stage>(_ type: S.Type, _ words: [String], _ records: [Record])
        throws -> [Record]
    {
        let stage = try S.make(words: words)
        try Pipeline.check(stage, against: records)
        return try stage.run(records, context: StageContext.silent(S.name))
    }

    func image(_ height: Int, _ width: Int, _ value: (Int, Int) -> Float)
        -> Record
    {
        var samples: [Float] = []
        for y in 0..<height {
            for x in 0..<width { samples.append(value(y, x)) }
        }
        return Record(
            name: "photo", role: "image", shape: [height, width],
            data: .float32(samples))
    }

    func assertError<S: Stage>(
        _ type: S.Type, _ records: [Record], _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try run(type, [], records), file: file, line: line)
        { error in
            XCTAssertEqual(
                (error as? StageError)?.message, message, file: file, line: line)
        }
    }

    func testBinarizeRefusesBlankBlackAndTinyImages() {
        assertError(
            Binarize.self, [image(64, 64) { _, _ in 0.8 }],
            "image is blank (every sample 0.8...0.8)")
        assertError(
            Binarize.self, [image(64, 64) { y, _ in y == 0 ? 0.05 : 0 }],
            "image is all black (brightest sample 0.05): no paper to read "
                + "ink from")
        assertError(
            Binarize.self, [image(20, 400) { _, x in Float(x % 2) }],
            "image 400x20 is too small to read text from (min-size=32 "
                + "pixels a side)")
    }

    func testChainFromAnImageToText() throws {
        // Three dark bars on light paper, the third after a wide gap.
        let photo = image(160, 200) { y, x in
            let bar = (20...59).contains(y)
                && [20...25, 44...49, 110...115].contains { $0.contains(x) }
            return bar ? 0.1 : 0.9 - Float(x) / 2000
        }
        var records = try run(Binarize.self, [], [photo])
        let ink = try XCTUnwrap(records.named("ink"))
        XCTAssertEqual(ink.role, "mask")
        XCTAssertEqual(ink.shape, [160, 200])
        XCTAssertEqual(ink.data.floats[40 * 200 + 22], 0)
        XCTAssertEqual(ink.data.floats[10 * 200 + 22], 1)

        records = try run(Label.self, [], records)
        XCTAssertEqual(records.named("components")?.attributes["count"], "3")
        records = try run(Box.self, [], records)
        let boxes = try XCTUnwrap(records.named("boxes"))
        XCTAssertEqual(boxes.shape, [3, 4])
        // A pixel wider than drawn each way: the darkness blur spreads
        // the edges.
        XCTAssertEqual(boxes.data, .int32([
            19, 19, 60, 26, 19, 43, 60, 50, 19, 109, 60, 116,
        ]))

        records = try run(Resize.self, [], records)
        let crops = try XCTUnwrap(records.named("crops"))
        XCTAssertEqual(crops.shape, [3, 1024])
        XCTAssertEqual(crops.role, "batch")
        XCTAssertEqual(
            crops.attributes["input"], "32x32 column-major, paper 1 ink 0")

        // One-hot probabilities over "IL": the decoder only places words.
        let probabilities = Record(
            name: "probabilities", role: "probabilities",
            attributes: ["classes": "IL"], shape: [3, 2],
            data: .float32([1, 0, 0, 1, 1, 0]))
        records = try run(Decode.self, [], records + [probabilities])
        XCTAssertEqual(records.named("text")?.text, "IL I")
    }

    func testDecodeRefusesProbabilitiesThatDoNotFit() {
        let boxes = Record(
            name: "boxes", role: "boxes", shape: [1, 4],
            data: .int32([0, 0, 9, 9]))
        let probabilities = Record(
            name: "probabilities", role: "probabilities",
            attributes: ["classes": "AB"], shape: [1, 3],
            data: .float32([1, 0, 0]))
        assertError(
            Decode.self, [boxes, probabilities],
            "probabilities [1, 3] float32 (probabilities) does not fit 1 "
                + "boxes and 2 classes (classes=AB)")
    }

    func testNoBoxesGiveNoCropsAndNoText() throws {
        let boxes = Record(
            name: "boxes", role: "boxes", shape: [0, 4], data: .int32([]))
        let mask = Record(
            name: "ink", role: "mask", shape: [40, 40],
            data: .float32([Float](repeating: 1, count: 1600)))
        let records = try run(Resize.self, [], [mask, boxes])
        XCTAssertEqual(records.named("crops")?.shape, [0, 1024])
        let probabilities = Record(
            name: "probabilities", role: "probabilities",
            attributes: ["classes": "AB"], shape: [0, 2], data: .float32([]))
        XCTAssertEqual(
            try run(Decode.self, [], [boxes, probabilities]).named("text")?
                .text, "")
    }
}
