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
            "image 20x400 is too small to read text from (min-size=32 "
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
        XCTAssertEqual(
            records.named("readings")?.data,
            .int32([73, 76, 73]))  // I, L, I in box order
    }

    func testResizeKeepsANeighbourReachingIntoTheBoxOut() throws {
        // A bar (label 1) whose box also holds two columns of a wide
        // neighbour (label 2, a tenth of its pixels inside).
        var paper = [Float](repeating: 1, count: 60 * 50)
        var labels = [Int32](repeating: 0, count: 60 * 50)
        for y in 10...49 {
            for x in 10...12 { paper[y * 50 + x] = 0; labels[y * 50 + x] = 1 }
            for x in 20...40 { paper[y * 50 + x] = 0; labels[y * 50 + x] = 2 }
        }
        let mask = Record(
            name: "ink", role: "mask", attributes: ["stroke-width": "3"],
            shape: [60, 50], data: .float32(paper))
        let components = Record(
            name: "components", role: "components", shape: [60, 50],
            data: .int32(labels))
        let boxes = Record(
            name: "boxes", role: "boxes", shape: [1, 4],
            data: .int32([10, 10, 49, 21]))
        func crop(_ records: [Record]) throws -> [Float] {
            try XCTUnwrap(run(Resize.self, [], records).named("crops"))
                .data.floats
        }
        // Box columns 20...21 land near crop columns 18...19 (scale
        // 26 / 40); row 16 is the middle.
        let plain = try crop([mask, boxes])
        let owned = try crop([mask, components, boxes])
        let right = (17...21).map { $0 * 32 + 16 }
        XCTAssertLessThan(right.map { plain[$0] }.min()!, 0.5)
        XCTAssertEqual(right.map { owned[$0] }, [1, 1, 1, 1, 1])
        XCTAssertEqual(owned[12 * 32 + 16], plain[12 * 32 + 16])
        XCTAssertLessThan(owned[12 * 32 + 16], 0.5)
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
