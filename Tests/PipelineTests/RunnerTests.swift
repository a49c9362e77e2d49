import XCTest

@testable import Pipeline

/// A stage that needs a float32 image of rank 3 and adds its pixel count.
struct CountPixels: Stage {
    static let name = "count-pixels"
    static let summary = "counts an image's elements"
    static let parameters: [Parameter] = []
    static let inputs = [
        InputSpec(role: "image", ranks: 3...3, dtypes: [.float32]),
        InputSpec(name: "mask", optional: true),
    ]

    init(_ arguments: Arguments) throws {}

    func run(_ records: [Record], context: StageContext) throws -> [Record] {
        let image = records.withRole("image")!
        context.log("\(image.count) pixels")
        return records + [
            Record(name: "pixels", shape: [], data: .int64([Int64(image.count)]))
        ]
    }
}

final class RunnerTests: XCTestCase {
    let image = Record(
        name: "photo", role: "image", shape: [1, 2, 3],
        data: .float32([0, 1, 2, 3, 4, 5]))

    /// The StageFailure that running `pipeline` on `records` throws.
    func failure(
        _ pipeline: Pipeline, _ records: [Record],
        file: StaticString = #filePath, line: UInt = #line
    ) -> StageFailure? {
        do {
            _ = try pipeline.run(records)
            XCTFail("the pipeline ran", file: file, line: line)
        } catch let failure as StageFailure {
            return failure
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }

    func testStagesRunInOrderAndLogUnderTheirName() throws {
        var logged: [String] = []
        let pipeline = Pipeline([
            try CountPixels.make(words: []),
            ClosureStage { records in records.filter { $0.name != "photo" } },
        ])
        let output = try pipeline.run([image]) { name in
            StageContext(stageName: name) { logged.append("\(name): \($0)") }
        }
        XCTAssertEqual(output.map(\.name), ["pixels"])
        XCTAssertEqual(output[0].data, .int64([6]))
        XCTAssertEqual(logged, ["count-pixels: 6 pixels"])
    }

    func testAStageCanBeSwappedForAStandIn() throws {
        let steps = try PipelineFile(
            text: "count-pixels\ncount-pixels", path: "t.pipe"
        ).steps()
        var pipeline = try Pipeline(
            steps: steps, registry: StageRegistry([CountPixels.self]))
        XCTAssertEqual(pipeline.entries.map(\.location), ["t.pipe:1", "t.pipe:2"])
        pipeline.entries[0].stage = ClosureStage { records in
            records.map { record in
                var bigger = record
                bigger.shape = [2, 2, 3]
                bigger.data = .float32(Array(repeating: 1, count: 12))
                return bigger
            }
        }
        let output = try pipeline.run([image])
        XCTAssertEqual(output.named("pixels")?.data, .int64([12]))
        XCTAssertEqual(pipeline.entries.map(\.name), ["closure", "count-pixels"])
    }

    func testMissingInputNamesStageExpectationAndStream() throws {
        let pipeline = Pipeline([try CountPixels.make(words: [])])
        let empty = failure(pipeline, [])
        XCTAssertEqual(
            empty?.description,
            "nnpipe count-pixels: error: expected a tensor role image, rank 3, "
                + "float32 in the input, but the stream is empty")
        XCTAssertEqual(empty?.exitStatus, 1)

        let text = Record(name: "note", text: "hi")
        XCTAssertEqual(
            failure(pipeline, [text, text])?.description,
            "nnpipe count-pixels: error: expected a tensor role image, rank 3, "
                + "float32 in the input, but the stream holds: note [2] "
                + "uint8 (text); note [2] uint8 (text)")
        let many = (1...8).map { Record(name: "n\($0)", text: "") }
        XCTAssertTrue(
            failure(pipeline, many)?.description.hasSuffix(
                "n6 [0] uint8 (text); and 2 more") == true)
    }

    func testMismatchedInputNamesRankOrDType() throws {
        let pipeline = Pipeline([try CountPixels.make(words: [])])
        var flat = image
        flat.shape = [6]
        XCTAssertEqual(
            failure(pipeline, [flat])?.description,
            "nnpipe count-pixels: error: input photo [6] float32 (image) does "
                + "not fit: rank 1, expected rank 3")
        let bytes = Record(
            name: "photo", role: "image", shape: [1, 1, 2],
            data: .uint8([0, 255]))
        XCTAssertEqual(
            failure(pipeline, [bytes])?.description,
            "nnpipe count-pixels: error: input photo [1, 1, 2] uint8 (image) "
                + "does not fit: dtype uint8, expected float32")
    }

    func testTheLastMatchingRecordIsChecked() throws {
        // A later record with the role shadows an earlier one.
        var flat = image
        flat.shape = [6]
        XCTAssertNotNil(failure(Pipeline([try CountPixels.make(words: [])]), [image, flat]))
        XCTAssertNoThrow(try Pipeline([try CountPixels.make(words: [])]).run([flat, image]))
    }

    func testErrorsInsideStagesNameTheStage() {
        struct Odd: Error {}
        let cases: [(Error, String, Int32)] = [
            (StageError.runtime("photo is 3 px wide; need at least 32 px"),
             "nnpipe closure: error: photo is 3 px wide; need at least 32 px", 1),
            (StageError.usage("bad words"), "nnpipe closure: error: bad words", 64),
            (StreamError("record 2: torn"), "nnpipe closure: error: record 2: torn", 1),
            (Odd(), "nnpipe closure: error: Odd()", 1),
            (StageError.runtime("two\nlines\r\u{1B}[31m"),
             "nnpipe closure: error: two\\nlines\\r\\u{1B}[31m", 1),
        ]
        for (error, line, status) in cases {
            let pipeline = Pipeline([ClosureStage { _ in throw error }])
            let failure = failure(pipeline, [])
            XCTAssertEqual(failure?.description, line)
            XCTAssertEqual(failure?.exitStatus, status)
        }
    }

    func testBrokenPipePassesThroughUnwrapped() {
        let pipeline = Pipeline([ClosureStage { _ in throw BrokenPipe() }])
        XCTAssertThrowsError(try pipeline.run([])) { error in
            XCTAssertTrue(error is BrokenPipe, "\(error)")
        }
    }

    func testSingleLine() {
        XCTAssertEqual(singleLine("plain\ttext ünï"), "plain\ttext ünï")
        XCTAssertEqual(singleLine("a\r\nb\u{0}c\u{7F}\u{2028}"),
                       "a\\r\\nb\\u{0}c\\u{7F}\\u{2028}")
    }

    func testInputSpecDescriptions() {
        XCTAssertEqual(
            InputSpec(name: "w", role: "weights").description,
            "a tensor 'w', role weights, any rank")
        XCTAssertEqual(
            InputSpec(role: "boxes", ranks: 1...2, dtypes: [.int32, .int64])
                .description,
            "a tensor role boxes, rank 1 to 2, int32|int64")
    }
}
