import XCTest

@testable import Stages

/// A fresh directory under the system's temporary directory, removed when
/// the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "nnpipe-\(UUID().uuidString)/"
    try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

final class LoadTests: XCTestCase {
    private let context = StageContext.silent("load")

    private func load(_ words: [String], input: [Record] = []) throws
        -> [Record]
    {
        try Load.make(words: words).run(input, context: context)
    }

    /// A 2-high, 3-wide RGB PNG of distinct samples, and those samples.
    private func writePNG(_ path: String) throws -> [Float] {
        let samples = (0..<18).map { Float($0 * 15) / 255 }
        try FileBytes.store(
            try ImageCodec.encodePNG(samples, height: 2, width: 3, channels: 3),
            to: path)
        return samples
    }

    func testImageBecomesAFloatRecordNamedAfterTheFile() throws {
        let path = try temporaryDirectory(self) + "tiny.png"
        let samples = try writePNG(path)
        XCTAssertEqual(
            try load([path]),
            [
                Record(
                    name: "tiny", role: "image", attributes: ["source": path],
                    shape: [2, 3, 3], data: .float32(samples))
            ])
    }

    func testNamesAndSeveralFilesFollowTheInput() throws {
        let directory = try temporaryDirectory(self)
        _ = try writePNG(directory + "a.png")
        _ = try writePNG(directory + "b.png")
        let input = [Record(name: "note", text: "hello")]
        let records = try load(
            [directory + "a.png", directory + "b.png"], input: input)
        XCTAssertEqual(records.map(\.name), ["note", "a", "b"])
        XCTAssertEqual(
            try load([directory + "a.png", "name=page"]).map(\.name), ["page"])
        XCTAssertThrowsError(
            try load([directory + "a.png", directory + "b.png", "name=x"])
        ) {
            XCTAssertEqual(
                "\($0)",
                "name= names one record, but 2 files were given; leave name= "
                    + "out to name each after its file")
        }
    }

    func testArraysKeepTheirTypeWhereTheStreamHasIt() throws {
        let directory = try temporaryDirectory(self)
        try NPYFile.write(
            NumericArray(shape: [2, 2], values: .int16([-1, 2, -3, 4])),
            to: directory + "small.npy")
        try NPYFile.write(
            NumericArray(shape: [3], values: .float64([0.5, 1, 2])),
            to: directory + "w.npy")
        // IDX: 00 00 08 02, dims 1 x 2, two bytes.
        try FileBytes.store(
            [0, 0, 8, 2, 0, 0, 0, 1, 0, 0, 0, 2, 7, 9],
            to: directory + "digits-idx2-ubyte")
        let records = try load([
            directory + "small.npy", directory + "w.npy",
            directory + "digits-idx2-ubyte",
        ])
        XCTAssertEqual(
            records.map(\.data),
            [
                .int32([-1, 2, -3, 4]), .float64([0.5, 1, 2]), .uint8([7, 9]),
            ])
        XCTAssertEqual(records.map(\.shape), [[2, 2], [3], [1, 2]])
        XCTAssertEqual(records.map(\.role), [nil, nil, nil])
    }

    func testMATVariablesBecomeRecords() throws {
        let path = SharedTestDataPath.nist26
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("…/shared/data not found: \(path)")
        }
        let records = try load([path, "variables=valid_labels"])
        XCTAssertEqual(
            records.map(\.summary), ["valid_labels [1300, 26] float64"])
        XCTAssertThrowsError(try load([path, "name=x"])) {
            XCTAssertTrue(
                "\($0)".hasPrefix("name= does not apply to a .mat file"))
        }
    }

    func testErrorsNameTheFile() throws {
        let directory = try temporaryDirectory(self)
        XCTAssertThrowsError(try load([directory + "missing.jpg"])) {
            XCTAssertEqual(
                "\($0)",
                "cannot open \(directory)missing.jpg: No such file or directory"
            )
        }
        try FileBytes.store(
            Array("hello, world".utf8), to: directory + "note.txt")
        XCTAssertThrowsError(try load([directory + "note.txt"])) {
            XCTAssertEqual(
                "\($0)",
                "\(directory)note.txt: not a PNG, JPEG, MAT, NPY or IDX file "
                    + "(starts with 68 65 6c 6c 6f 2c 20 77)")
        }
        let jpeg = try ImageCodec.encodeJPEG(
            (0..<(32 * 32)).map { Float($0 % 7) / 6 }, height: 32, width: 32,
            channels: 1)
        try FileBytes.store(
            Array(jpeg[..<(jpeg.count * 3 / 4)]), to: directory + "cut.jpg")
        XCTAssertThrowsError(try load([directory + "cut.jpg"])) {
            XCTAssertTrue(
                "\($0)".hasPrefix("\(directory)cut.jpg: truncated JPEG"),
                "\($0)")
        }
        _ = try writePNG(directory + "six.png")
        XCTAssertThrowsError(try load([directory + "six.png", "max-pixels=5"]))
        {
            XCTAssertEqual(
                "\($0)",
                "\(directory)six.png: the PNG is 3 x 2 pixels, more than the "
                    + "limit of 5 pixels (load max-pixels=)")
        }
    }

    func testStem() {
        XCTAssertEqual(Load.stem(of: "a/b/photo.jpg"), "photo")
        XCTAssertEqual(
            Load.stem(of: "t10k-images-idx3-ubyte.gz"), "t10k-images-idx3-ubyte"
        )
        XCTAssertEqual(Load.stem(of: "weights.tar.gz"), "weights")
        XCTAssertEqual(Load.stem(of: "photo.v2.jpg"), "photo.v2")
        XCTAssertEqual(Load.stem(of: "/data/.hidden"), ".hidden")
        XCTAssertEqual(Load.stem(of: "README"), "README")
    }
}

/// Shared data files, where the package layout puts them.
enum SharedTestDataPath {
    static let directory: String = {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            root.appendingPathComponent("shared/data").path,
            ProcessInfo.processInfo.environment["NNPIPE_SHARED_DATA"] ?? "",
            "/work/shared/data",
        ]
        return candidates.first {
            !$0.isEmpty && FileManager.default.fileExists(atPath: $0)
        } ?? candidates[0]
    }()

    static var nist26: String {
        directory + "/nist36/nist26_valid_fall2016.mat"
    }
}
