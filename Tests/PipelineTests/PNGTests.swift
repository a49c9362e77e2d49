import XCTest

@testable import Pipeline

/// Builds PNG files chunk by chunk, so tests can make the colour types,
/// bit depths and damage that the encoder does not.
private struct PNGBuilder {
    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return TestBytes.bigEndian(UInt32(data.count)) + typed
            + TestBytes.bigEndian(TestBytes.crc32(typed))
    }

    static func header(
        width: UInt32, height: UInt32, bitDepth: UInt8, colorType: UInt8,
        interlaced: Bool = false
    ) -> [UInt8] {
        chunk(
            "IHDR",
            TestBytes.bigEndian(width) + TestBytes.bigEndian(height)
                + [bitDepth, colorType, 0, 0, interlaced ? 1 : 0])
    }

    /// A whole file: signature, IHDR, `extra` chunks, one IDAT of the
    /// filtered `rows` (a 0 filter byte is prepended to each), IEND.
    static func file(
        width: UInt32, height: UInt32, bitDepth: UInt8, colorType: UInt8,
        interlaced: Bool = false, extra: [UInt8] = [], rows: [[UInt8]]
    ) -> [UInt8] {
        let scanlines: [UInt8] = rows.flatMap { [UInt8(0)] + $0 }
        return signature
            + header(
                width: width, height: height, bitDepth: bitDepth,
                colorType: colorType, interlaced: interlaced)
            + extra + chunk("IDAT", TestBytes.deflated(scanlines))
            + chunk("IEND", [])
    }
}

final class PNGTests: XCTestCase {
    /// Samples on the 8- or 16-bit grid, so that a round trip is exact.
    private func gridSamples(count: Int, levels: Int) -> [Float] {
        (0..<count).map { Float(($0 * 7919) % (levels + 1)) / Float(levels) }
    }

    func testRoundTripEveryChannelCountAt8And16Bits() throws {
        for bitDepth in [8, 16] {
            for channels in 1...4 {
                let levels = bitDepth == 8 ? 255 : 65535
                let samples = gridSamples(
                    count: 5 * 3 * channels, levels: levels)
                let png = try ImageCodec.encodePNG(
                    samples, height: 5, width: 3, channels: channels,
                    bitDepth: bitDepth)
                let image = try ImageCodec.decode(png)
                XCTAssertEqual(image.shape, [5, 3, channels])
                XCTAssertEqual(image.bitDepth, bitDepth)
                XCTAssertEqual(
                    image.samples, samples, "\(bitDepth)-bit x\(channels)")
            }
        }
    }

    func testEncodeClampsAndRounds() throws {
        // 0.5 * 255 = 127.5 rounds away from zero to 128; NaN becomes 0.
        let samples: [Float] = [-1, 0.5, 2, .nan, 0.2, 1]
        let png = try ImageCodec.encodePNG(
            samples, height: 1, width: 6, channels: 1)
        let image = try ImageCodec.decode(png)
        XCTAssertEqual(
            image.samples.map { Int($0 * 255) }, [0, 128, 255, 0, 51, 255])
    }

    func testEncodeRejectsUnsupportedChannelsAndDepths() {
        XCTAssertThrowsError(
            try ImageCodec.encodePNG(
                [Float](repeating: 0, count: 5), height: 1, width: 1,
                channels: 5))
        XCTAssertThrowsError(
            try ImageCodec.encodePNG(
                [0], height: 1, width: 1, channels: 1, bitDepth: 12))
        XCTAssertThrowsError(
            try ImageCodec.encodePNG(
                [], height: 0, width: 3, channels: 1))
    }

    func testPaletteExpandsToRGBAndTRNSToAlpha() throws {
        let palette = PNGBuilder.chunk(
            "PLTE", [255, 0, 0, 0, 255, 0, 0, 0, 255])
        let rows: [[UInt8]] = [[0, 1, 2], [2, 1, 0]]
        let rgb = try ImageCodec.decode(
            PNGBuilder.file(
                width: 3, height: 2, bitDepth: 8, colorType: 3, extra: palette,
                rows: rows))
        XCTAssertEqual(rgb.shape, [2, 3, 3])
        XCTAssertEqual(Array(rgb.samples[0..<6]), [1, 0, 0, 0, 1, 0])

        // tRNS gives entry 0 alpha 0 and entry 1 alpha 128; entry 2 opaque.
        let transparency = PNGBuilder.chunk("tRNS", [0, 128])
        let rgba = try ImageCodec.decode(
            PNGBuilder.file(
                width: 3, height: 2, bitDepth: 8, colorType: 3,
                extra: palette + transparency, rows: rows))
        XCTAssertEqual(rgba.shape, [2, 3, 4])
        XCTAssertEqual(
            Array(rgba.samples[0..<12]),
            [1, 0, 0, 0, 0, 1, 0, 128 / 255, 0, 0, 1, 1])
    }

    func testLowBitDepthGreyExpandsTo8Bits() throws {
        // Four 2-bit pixels 0, 1, 2, 3 packed in one byte: 00 01 10 11.
        let grey2 = try ImageCodec.decode(
            PNGBuilder.file(
                width: 4, height: 1, bitDepth: 2, colorType: 0,
                rows: [[0b0001_1011]]))
        XCTAssertEqual(grey2.bitDepth, 8)
        XCTAssertEqual(grey2.samples, [0, 85, 170, 255].map { $0 / 255 })

        // Eight 1-bit pixels in one byte, 1-bit palette indices in another.
        let grey1 = try ImageCodec.decode(
            PNGBuilder.file(
                width: 8, height: 1, bitDepth: 1, colorType: 0,
                rows: [[0b1010_0001]]))
        XCTAssertEqual(grey1.samples, [1, 0, 1, 0, 0, 0, 0, 1])

        let palette = PNGBuilder.chunk("PLTE", [10, 20, 30, 40, 50, 60])
        let indexed4 = try ImageCodec.decode(
            PNGBuilder.file(
                width: 2, height: 1, bitDepth: 4, colorType: 3, extra: palette,
                rows: [[0x10]]))
        XCTAssertEqual(
            indexed4.samples.map { Int(($0 * 255).rounded()) },
            [40, 50, 60, 10, 20, 30])
    }

    func testGreyTRNSBecomesAlpha() throws {
        // Grey value 7 is transparent: grey becomes grey + alpha.
        let image = try ImageCodec.decode(
            PNGBuilder.file(
                width: 2, height: 1, bitDepth: 8, colorType: 0,
                extra: PNGBuilder.chunk("tRNS", [0, 7]), rows: [[7, 9]]))
        XCTAssertEqual(image.shape, [1, 2, 2])
        XCTAssertEqual(image.samples, [7 / 255, 0, 9 / 255, 1])
    }

    func testInterlacedMatchesPlain() throws {
        // Adam7 passes as (first column, first row, column step, row step).
        let passes = [
            (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
            (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
        ]
        let width = 11
        let height = 9
        let pixels = (0..<(width * height)).map { UInt8($0 * 3 % 256) }
        var scanlines = [UInt8]()
        for (column0, row0, columnStep, rowStep) in passes {
            for row in stride(from: row0, to: height, by: rowStep) {
                let columns = stride(from: column0, to: width, by: columnStep)
                guard columns.underestimatedCount > 0 else { continue }
                scanlines.append(0)
                scanlines += columns.map { pixels[row * width + $0] }
            }
        }
        let png =
            PNGBuilder.signature
            + PNGBuilder.header(
                width: UInt32(width), height: UInt32(height), bitDepth: 8,
                colorType: 0, interlaced: true)
            + PNGBuilder.chunk("IDAT", TestBytes.deflated(scanlines))
            + PNGBuilder.chunk("IEND", [])
        let image = try ImageCodec.decode(png)
        XCTAssertEqual(image.shape, [height, width, 1])
        XCTAssertEqual(image.samples, pixels.map { Float($0) / 255 })
    }

    func testEXIfChunkOrientationIsApplied() throws {
        // A 2 x 1 image [a b] stored with orientation 6 (turn clockwise)
        // stands as a 1-wide, 2-high column [a; b].
        let tiff: [UInt8] =
            Array("MM".utf8) + [0, 42, 0, 0, 0, 8]
            + [0, 1] + [0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]
        let image = try ImageCodec.decode(
            PNGBuilder.file(
                width: 2, height: 1, bitDepth: 8, colorType: 0,
                extra: PNGBuilder.chunk("eXIf", tiff), rows: [[10, 20]]))
        XCTAssertEqual(image.shape, [2, 1, 1])
        XCTAssertEqual(image.samples, [10 / 255, 20 / 255])
    }

    func testTruncatedPNGIsAnErrorWhereverItEnds() throws {
        let samples = gridSamples(count: 40 * 30 * 3, levels: 255)
        let png = try ImageCodec.encodePNG(
            samples, height: 30, width: 40, channels: 3)
        for length in [
            8, 9, 20, 33, 40, png.count / 2, png.count - 13, png.count - 1,
        ] {
            XCTAssertThrowsError(try ImageCodec.decode(Array(png[..<length]))) {
                let message = "\($0)"
                XCTAssertTrue(
                    message.contains("PNG"), "cut at \(length): \(message)")
            }
        }
        XCTAssertThrowsError(
            try ImageCodec.decode(Array(png[..<(png.count / 2)]))
        ) {
            XCTAssertTrue("\($0)".hasPrefix("truncated PNG"), "\($0)")
        }
    }

    func testCRCErrorIsAnError() throws {
        let png = try ImageCodec.encodePNG(
            gridSamples(count: 64, levels: 255), height: 8, width: 8,
            channels: 1)
        // The file ends with IDAT's CRC (4 bytes) and IEND (12 bytes).
        var badCRC = png
        badCRC[png.count - 13] ^= 0xFF
        XCTAssertThrowsError(try ImageCodec.decode(badCRC)) {
            XCTAssertEqual("\($0)", "corrupt PNG: IDAT: CRC error")
        }
        // Damaged data: zlib's checksum fails before libpng checks the CRC.
        var badData = png
        badData[png.count - 20] ^= 0xFF
        XCTAssertThrowsError(try ImageCodec.decode(badData)) {
            XCTAssertTrue("\($0)".hasPrefix("corrupt PNG: IDAT:"), "\($0)")
        }
    }

    func testHugeDeclaredDimensionsAreRejectedBeforeAllocating() {
        // 100000 x 100000 RGBA would need 40 GB; IHDR and its CRC are
        // valid, and a tiny IDAT follows.
        let png = PNGBuilder.file(
            width: 100_000, height: 100_000, bitDepth: 8, colorType: 6,
            rows: [[0, 0, 0, 0]])
        XCTAssertThrowsError(try ImageCodec.decode(png)) {
            XCTAssertEqual(
                "\($0)",
                "the PNG is 100000 x 100000 pixels, more than the limit of "
                    + "268435456 pixels (load max-pixels=)")
        }
    }

    func testMaxPixelsIsInclusive() throws {
        let png = try ImageCodec.encodePNG(
            [Float](repeating: 0.5, count: 16), height: 4, width: 4, channels: 1
        )
        XCTAssertNoThrow(try ImageCodec.decode(png, maxPixels: 16))
        XCTAssertThrowsError(try ImageCodec.decode(png, maxPixels: 15))
    }

    func testGarbageAndEmptyDataAreNotImages() {
        XCTAssertThrowsError(try ImageCodec.decode(Array("GIF89a..".utf8))) {
            XCTAssertEqual(
                "\($0)",
                "not a PNG or JPEG image (starts with 47 49 46 38 39 61 2e 2e)")
        }
        XCTAssertThrowsError(try ImageCodec.decode([])) {
            XCTAssertEqual(
                "\($0)", "not a PNG or JPEG image: the data is empty")
        }
        // The signature followed by noise.
        let noise = (0..<200).map { UInt8(($0 * 37 + 11) % 256) }
        XCTAssertThrowsError(
            try ImageCodec.decode(PNGBuilder.signature + noise))
    }

    func testFileErrorsNameThePath() throws {
        let path = NSTemporaryDirectory() + "nnpipe-png-test-\(getpid()).png"
        XCTAssertThrowsError(try ImageCodec.decode(contentsOf: path)) {
            XCTAssertTrue("\($0)".contains(path), "\($0)")
        }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try ImageCodec.decode(contentsOf: path)) {
            XCTAssertEqual(
                "\($0)",
                "\(path): not a PNG or JPEG image (starts with 01 02 03)")
        }
    }
}
