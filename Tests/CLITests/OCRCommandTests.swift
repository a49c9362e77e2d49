import Foundation
import Pipeline
import XCTest

/// `nnpipe pipelines/ocr.pipe` end to end, and the bad inputs it must
/// refuse with one line and a nonzero exit.
final class OCRCommandTests: XCTestCase {
    let pipeline = packageRoot.appendingPathComponent("pipelines/ocr.pipe").path
    let model = packageRoot.appendingPathComponent("data/nist36-mlp.nnpt").path

    func ocr(_ image: String, _ extra: [String] = []) throws -> ProcessResult {
        try runNnpipe(
            [pipeline, "image=\(image)", "model=\(model)"] + extra,
            timeout: 120)
    }

    /// A PNG of grey samples.
    func png(_ directory: URL, _ name: String, height: Int, width: Int,
             _ value: (Int, Int) -> Float) throws -> String {
        var samples: [Float] = []
        for y in 0..<height {
            for x in 0..<width { samples.append(value(y, x)) }
        }
        let path = directory.appendingPathComponent(name).path
        try Data(ImageCodec.encodePNG(
            samples, height: height, width: width, channels: 1)
        ).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testReadsTheHaikuPhoto() throws {
        let photo = packageRoot.appendingPathComponent("images/03_haiku.jpg")
        guard FileManager.default.fileExists(atPath: photo.path) else {
            throw XCTSkip("images/03_haiku.jpg is not in this checkout")
        }
        let directory = try temporaryDirectory(for: self)
        let overlay = directory.appendingPathComponent("boxes.png").path
        let crops = directory.appendingPathComponent("crops.png").path
        let result = try ocr(
            photo.path, ["overlay=\(overlay)", "crops=\(crops)"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdoutText.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, result.stdoutText)
        // Character error rate against the ground truth, without layout;
        // bench ocr measured 5.6% with the shipped model.
        let rate = characterErrorRate(
            result.stdoutText,
            reference: "HAIKUS ARE EASY\nBUT SOMETIMES THEY DONT MAKE SENSE"
                + "\nREFRIGERATOR",
            ignoringLayout: true)
        XCTAssertLessThan(rate, 0.15, result.stdoutText)
        XCTAssertTrue(
            result.stderr.contains("nnpipe box: 54 boxes"), result.stderr)
        for path in [overlay, crops] {
            XCTAssertEqual(
                try ImageCodec.decode(contentsOf: path).channels, 3, path)
        }
    }

    func testAPageWithoutTextPrintsNothing() throws {
        let directory = try temporaryDirectory(for: self)
        var generator = SeededGenerator(seed: 11)
        let page = try png(directory, "page.png", height: 300, width: 400) {
            (_: Int, x: Int) -> Float in
            let shade: Float = 0.85 - 0.2 * Float(x) / 400
            return shade + Float(generator.nextDouble() - 0.5) * 0.04
        }
        let overlay = directory.appendingPathComponent("boxes.png").path
        let crops = directory.appendingPathComponent("crops.png").path
        let result = try ocr(page, ["overlay=\(overlay)", "crops=\(crops)"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutText, "")
        XCTAssertTrue(
            result.stderr.contains("nnpipe resize: no boxes: \(crops) not written"),
            result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: crops))
        // The overlay is the page without boxes.
        XCTAssertEqual(try ImageCodec.decode(contentsOf: overlay).width, 400)
    }

    func assertRefused(
        _ arguments: [String], _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let result = try runNnpipe(arguments, timeout: 60)
        XCTAssertEqual(result.status, 1, file: file, line: line)
        XCTAssertEqual(result.stdoutText, "", file: file, line: line)
        XCTAssertEqual(result.stderr, message + "\n", file: file, line: line)
    }

    func testBlankTinyAndBlackImagesAreRefused() throws {
        let directory = try temporaryDirectory(for: self)
        let blank = try png(directory, "blank.png", height: 100, width: 100) {
            _, _ in 1
        }
        let black = try png(directory, "black.png", height: 100, width: 100) {
            _, _ in 0
        }
        let tiny = try png(directory, "tiny.png", height: 8, width: 8) {
            y, x in Float((x + y) % 2)
        }
        try assertRefused(
            [pipeline, "image=\(blank)", "model=\(model)"],
            "nnpipe binarize: error: image is blank (every sample 1...1)")
        try assertRefused(
            [pipeline, "image=\(black)", "model=\(model)"],
            "nnpipe binarize: error: image is all black (brightest sample "
                + "0): no paper to read ink from")
        try assertRefused(
            [pipeline, "image=\(tiny)", "model=\(model)"],
            "nnpipe binarize: error: image 8x8 is too small to read text "
                + "from (min-size=32 pixels a side)")
    }

    func testAnImageDeclaringEnormousDimensionsIsRefusedBeforeDecoding()
        throws
    {
        // A PNG signature, an IHDR chunk declaring 100000 x 100000 8-bit
        // RGB pixels (30 GB), an empty IDAT chunk and IEND.
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ data: [UInt8]) {
            let body = Array(type.utf8) + data
            let crc = crc32(body)
            bytes += [24, 16, 8, 0].map { UInt8((data.count >> $0) & 0xFF) }
            bytes += body
            bytes += [24, 16, 8, 0].map { UInt8((crc >> UInt32($0)) & 0xFF) }
        }
        chunk("IHDR", [0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 2, 0, 0, 0])
        chunk("IDAT", [])
        chunk("IEND", [])
        let directory = try temporaryDirectory(for: self)
        let path = directory.appendingPathComponent("huge.png").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try runNnpipe(
            [pipeline, "image=\(path)", "model=\(model)"], timeout: 60)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdoutText, "")
        XCTAssertEqual(
            result.stderr,
            "nnpipe load: error: \(path): the PNG is 100000 x 100000 pixels, "
                + "more than the limit of 268435456 pixels (load "
                + "max-pixels=)\n")
    }

    func testAModelOfTheWrongShapeIsRefused() throws {
        // A stream whose first layer takes 16 inputs, not 1024: the model
        // file format is the stream format.
        let directory = try temporaryDirectory(for: self)
        let photo = try png(directory, "bars.png", height: 80, width: 200) {
            y, x in
            (20...59).contains(y) && (40...45).contains(x) ? 0.1 : 0.9
        }
        let wrong = directory.appendingPathComponent("wrong.nnpt").path
        let model = try XCTUnwrap(
            try? Data(contentsOf: URL(fileURLWithPath: self.model)))
        // Keep the model's records but claim a 16-wide first layer by
        // rewriting it through the stream reader and writer.
        var reader = StreamReader(MemorySource(Array(model)))
        var records = try reader.readAll()
        guard let index = records.firstIndex(where: {
            $0.rank == 2 && $0.shape.contains(1024)
        }) else {
            throw XCTSkip("the model holds no [*, 1024] weight")
        }
        let weight = records[index]
        let other = weight.shape[0] == 1024 ? 1 : 0
        var shape = weight.shape
        shape[1 - other] = 16
        records[index] = Record(
            name: weight.name, role: weight.role,
            attributes: weight.attributes, shape: shape,
            data: .float32([Float](
                repeating: 0, count: 16 * weight.shape[other])))
        try Data(StreamWriter.encode(records)).write(
            to: URL(fileURLWithPath: wrong))
        let result = try runNnpipe(
            [pipeline, "image=\(photo)", "model=\(wrong)"], timeout: 60)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdoutText, "")
        // binarize and box log a line each; then the one error.
        let errors = result.stderr.split(separator: "\n")
            .filter { $0.contains("error") }
        XCTAssertEqual(errors.count, 1, result.stderr)
        XCTAssertTrue(
            errors.first?.hasPrefix("nnpipe classify: error: model file ")
                == true, result.stderr)
        XCTAssertTrue(
            errors.first?.contains("should be float32 [1024, 64]") == true,
            result.stderr)
    }
}

/// The CRC-32 of PNG chunks (polynomial 0xEDB88320).
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
        }
    }
    return crc ^ 0xFFFF_FFFF
}

/// `nnpipe bench ocr` on a folder of one photo.
final class BenchOCRTests: XCTestCase {
    func testScoresEachPhotoAndTheAverage() throws {
        let photo = packageRoot.appendingPathComponent("images/03_haiku.jpg")
        guard FileManager.default.fileExists(atPath: photo.path) else {
            throw XCTSkip("images/03_haiku.jpg is not in this checkout")
        }
        let folder = try temporaryDirectory(for: self)
        try FileManager.default.copyItem(
            at: photo, to: folder.appendingPathComponent("03_haiku.jpg"))
        try """
            # a comment
            [03_haiku.jpg]
            HAIKUS ARE EASY
            BUT SOMETIMES THEY DONT MAKE SENSE
            REFRIGERATOR
            """.write(
                to: folder.appendingPathComponent("ground_truth.txt"),
                atomically: true, encoding: .utf8)
        let result = try runNnpipe(
            ["bench", "ocr", "images=\(folder.path)", "repeat=1",
             "pipeline="
                + packageRoot.appendingPathComponent("pipelines/ocr.pipe").path,
             "model="
                + packageRoot.appendingPathComponent("data/nist36-mlp.nnpt")
                .path],
            timeout: 120)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdoutText.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, result.stdoutText)
        XCTAssertTrue(lines[0].hasPrefix("photo "), result.stdoutText)
        // 54 boxes for 54 characters; the release build measured 4.8% and
        // 5.6% with the shipped model.
        XCTAssertTrue(lines[1].hasPrefix("03_haiku.jpg     54/54 "),
                      result.stdoutText)
        XCTAssertTrue(lines[1].contains("binarize "), result.stdoutText)
        XCTAssertTrue(lines[2].hasPrefix("average "), result.stdoutText)
        let percents = lines[1].split(separator: " ").filter {
            $0.hasSuffix("%")
        }.compactMap { Double($0.dropLast()) }
        XCTAssertEqual(percents.count, 2, result.stdoutText)
        XCTAssertTrue(percents.allSatisfy { $0 < 15 }, result.stdoutText)
    }

    func testAFolderWithoutGroundTruthIsRefused() throws {
        let folder = try temporaryDirectory(for: self)
        let result = try runNnpipe(["bench", "ocr", "images=\(folder.path)"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(
            result.stderr,
            "nnpipe bench: error: cannot open \(folder.path)/ground_truth.txt: "
                + "No such file or directory\n")
    }
}
