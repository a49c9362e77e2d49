import Pipeline
import XCTest

/// Bad image files through the binary: one line on stderr naming the
/// file, exit status 1, nothing on stdout.
final class LoadCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryDirectory(for: self)
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try FileBytes.store(bytes, to: path)
        return path
    }

    func assertFails(_ path: String, _ message: String,
                     file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let result = try runNnpipe(["load", path, "name=x"])
        XCTAssertEqual(result.status, 1, file: file, line: line)
        XCTAssertEqual(result.stdout, [], file: file, line: line)
        XCTAssertTrue(
            result.stderr.hasPrefix("nnpipe load: error: \(path): \(message)")
                || result.stderr.hasPrefix("nnpipe load: error: \(message)")
                && !message.isEmpty,
            result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1,
                       "one line", file: file, line: line)
    }

    func grey(_ size: Int) -> [Float] {
        (0..<(size * size)).map { Float($0 % 11) / 10 }
    }

    func testMissingFileAndNotAnImage() throws {
        let missing = folder.appendingPathComponent("missing.jpg").path
        try assertFails(missing, "cannot open \(missing): No such file")
        try assertFails(try file("notes.txt", Array("to do\n".utf8)),
                        "not a PNG, JPEG, MAT, NPY or IDX file")
        try assertFails(try file("empty.png", []),
                        "not a PNG, JPEG, MAT, NPY or IDX file (the file "
                            + "is empty)")
    }

    func testTruncatedAndCorruptImages() throws {
        let jpeg = try ImageCodec.encodeJPEG(
            grey(64), height: 64, width: 64, channels: 1)
        try assertFails(try file("cut.jpg", Array(jpeg.prefix(jpeg.count / 2))),
                        "truncated JPEG")

        let png = try ImageCodec.encodePNG(
            grey(64), height: 64, width: 64, channels: 1)
        try assertFails(try file("cut.png", Array(png.prefix(png.count / 2))),
                        "truncated PNG: the data ends before the image does")
        var damaged = png
        for index in (png.count / 2)..<(png.count / 2 + 16) {
            damaged[index] ^= 0x5a
        }
        try assertFails(try file("damaged.png", damaged), "corrupt PNG")
    }

    func testEnormousDeclaredSizeIsRefusedBeforeDecoding() throws {
        var jpeg = try ImageCodec.encodeJPEG(
            grey(16), height: 16, width: 16, channels: 1)
        // The baseline frame header FF C0: length (2 bytes), precision
        // (1), then height and width, big-endian: make it 60000 x 60000.
        let sof = try XCTUnwrap(
            (0..<(jpeg.count - 1)).first {
                jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0
            })
        for offset in [sof + 5, sof + 7] {
            jpeg[offset] = 0xEA
            jpeg[offset + 1] = 0x60
        }
        try assertFails(
            try file("huge.jpg", jpeg),
            "the JPEG is 60000 x 60000 pixels, more than the limit of "
                + "268435456 pixels (load max-pixels=)")
    }
}
