import XCTest

@testable import Stages

final class SaveTests: XCTestCase {
    private let context = StageContext.silent("save")

    private func save(_ words: [String], _ records: [Record]) throws -> [Record]
    {
        try Save.make(words: words).run(records, context: context)
    }

    private let image = Record(
        name: "page", role: "image", shape: [2, 2, 3],
        data: .float32((0..<12).map { Float($0 * 20) / 255 }))

    func testImageToPNGAndTheStreamPassesOn() throws {
        let path = try temporaryDirectory(self) + "out.png"
        let note = Record(name: "note", text: "kept")
        XCTAssertEqual(try save([path], [image, note]), [image, note])
        let decoded = try ImageCodec.decode(contentsOf: path)
        XCTAssertEqual(decoded.shape, [2, 2, 3])
        XCTAssertEqual(decoded.samples, image.data.floats)
        XCTAssertEqual(decoded.bitDepth, 8)

        _ = try save([path, "bit-depth=16"], [image])
        XCTAssertEqual(try ImageCodec.decode(contentsOf: path).bitDepth, 16)
    }

    func testMaskAndUInt8Images() throws {
        let directory = try temporaryDirectory(self)
        let mask = Record(
            name: "ink", role: "mask", shape: [1, 3],
            data: .float64([0, 0.5, 2]))
        _ = try save([directory + "mask.png"], [mask])
        XCTAssertEqual(
            try ImageCodec.decode(contentsOf: directory + "mask.png").samples,
            [0, 128 / 255, 1])
        let bytes = Record(
            name: "b", role: "image", shape: [1, 2], data: .uint8([0, 51]))
        _ = try save([directory + "bytes.png"], [bytes])
        XCTAssertEqual(
            try ImageCodec.decode(contentsOf: directory + "bytes.png").samples,
            [0, 0.2])
    }

    func testNPYKeepsTheElementType() throws {
        let path = try temporaryDirectory(self) + "w.npy"
        let weights = Record(name: "w", shape: [2], data: .int64([-5, 5]))
        _ = try save([path, "name=w"], [weights, image])
        XCTAssertEqual(
            try NPYFile.read(contentsOf: path),
            NumericArray(shape: [2], values: .int64([-5, 5])))
        _ = try save([path], [weights, image])  // the last record
        XCTAssertEqual(try NPYFile.read(contentsOf: path).shape, [2, 2, 3])
    }

    func testDirectoryReceivesEveryRecord() throws {
        let directory = try temporaryDirectory(self)
        let records = [
            image, Record(name: "notes/today", text: "hi"),
            Record(name: "w", role: "weights", shape: [1], data: .float32([3])),
            Record(
                name: "wide", role: "image", shape: [1, 1, 5],
                data: .float32([0, 0, 0, 0, 0])),
        ]
        _ = try save([directory], records)
        let files = try FileManager.default.contentsOfDirectory(
            atPath: directory
        ).sorted()
        XCTAssertEqual(
            files, ["notes_today.txt", "page.png", "w.npy", "wide.npy"])
        XCTAssertEqual(
            try FileBytes.load(directory + "notes_today.txt"), Array("hi".utf8))
    }

    func testLoadAndSaveRoundTripThroughAPipeline() throws {
        let directory = try temporaryDirectory(self)
        _ = try save([directory + "a.png"], [image])
        let pipeline = Pipeline([
            try Load.make(words: [directory + "a.png"]),
            try Save.make(words: [directory + "b.png"]),
        ])
        let records = try pipeline.run([])
        XCTAssertEqual(records.map(\.name), ["a"])
        XCTAssertEqual(
            try FileBytes.load(directory + "a.png"),
            try FileBytes.load(directory + "b.png"))
    }

    func testErrors() throws {
        let directory = try temporaryDirectory(self)
        XCTAssertThrowsError(try save([directory + "out.jpg"], [image])) {
            XCTAssertEqual(
                "\($0)",
                "cannot tell what to write to '\(directory)out.jpg': end it in "
                    + ".png or .npy, or in / for a directory")
            XCTAssertEqual(($0 as? StageError)?.kind, .usage)
        }
        XCTAssertThrowsError(try save([directory, "name=page"], [image]))
        XCTAssertThrowsError(
            try save([directory + "x.png"], [Record(name: "n", text: "t")])
        ) {
            XCTAssertEqual(
                "\($0)",
                "expected an image or mask for \(directory)x.png in the input, "
                    + "but the stream holds n (text)")
        }
        let counts = Record(
            name: "c", role: "image", shape: [1, 1], data: .int32([1]))
        XCTAssertThrowsError(try save([directory + "x.png"], [counts])) {
            XCTAssertTrue(
                "\($0)".hasPrefix("cannot write c [1, 1] int32 (image) as PNG"))
        }
        let wide = Record(
            name: "v", role: "image", shape: [1, 1, 5],
            data: .float32([0, 0, 0, 0, 0]))
        XCTAssertThrowsError(try save([directory + "x.png"], [wide]))
        // Missing folders are made; a file in the way is named, in the
        // words every file-writing stage uses (FileBytes.store).
        _ = try save([directory + "new/deeper/x.npy"], [image])
        XCTAssertTrue(FileManager.default.fileExists(
            atPath: directory + "new/deeper/x.npy"))
        let file = directory + "plain"
        try FileBytes.store([1], to: file)
        for target in [file + "/x.npy", file + "/x.png"] {
            XCTAssertThrowsError(try save([target], [image])) {
                XCTAssertEqual(
                    "\($0)",
                    "cannot create \(target): \(file) is a file, not a folder")
            }
        }
    }
}
