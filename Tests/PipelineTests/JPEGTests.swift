import XCTest

@testable import Pipeline

final class JPEGTests: XCTestCase {
    private static let red: [Float] = [1, 0, 0], green: [Float] = [0, 1, 0]
    private static let blue: [Float] = [0, 0, 1], white: [Float] = [1, 1, 1]

    /// A 32-wide, 16-high RGB JPEG of four quadrants, red green over blue
    /// white; the quadrants are whole 16 x 8 blocks so the colours survive
    /// compression.
    private func quadrantJPEG() throws -> [UInt8] {
        var samples = [Float]()
        for row in 0..<16 {
            for column in 0..<32 {
                switch (row < 8, column < 16) {
                case (true, true): samples += Self.red
                case (true, false): samples += Self.green
                case (false, true): samples += Self.blue
                case (false, false): samples += Self.white
                }
            }
        }
        return try ImageCodec.encodeJPEG(
            samples, height: 16, width: 32, channels: 3, quality: 95)
    }

    /// A TIFF block holding IFD0 with `entries` (tag, type, count, value).
    private func tiff(
        bigEndian: Bool, entries: [(UInt16, UInt16, UInt32, UInt32)]
    ) -> [UInt8] {
        func u16(_ value: UInt16) -> [UInt8] {
            bigEndian
                ? TestBytes.bigEndian(value) : TestBytes.littleEndian(value)
        }
        func u32(_ value: UInt32) -> [UInt8] {
            bigEndian
                ? TestBytes.bigEndian(value) : TestBytes.littleEndian(value)
        }
        var bytes = Array((bigEndian ? "MM" : "II").utf8) + u16(42) + u32(8)
        bytes += u16(UInt16(entries.count))
        for (tag, type, count, value) in entries {
            // A SHORT value sits in the first two bytes of the field.
            bytes += u16(tag) + u16(type) + u32(count)
            bytes += type == 3 ? u16(UInt16(value)) + [0, 0] : u32(value)
        }
        return bytes + u32(0)
    }

    /// `jpeg` with an APP1 Exif segment holding `payload` right after SOI.
    private func withExif(_ jpeg: [UInt8], _ payload: [UInt8]) -> [UInt8] {
        let segment = Array("Exif".utf8) + [0, 0] + payload
        return [0xFF, 0xD8, 0xFF, 0xE1]
            + TestBytes.bigEndian(UInt16(segment.count + 2)) + segment
            + jpeg[2...]
    }

    private func withOrientation(
        _ jpeg: [UInt8], _ orientation: UInt32, bigEndian: Bool
    ) -> [UInt8] {
        withExif(
            jpeg,
            tiff(
                bigEndian: bigEndian,
                entries: [(0x010F, 2, 4, 0), (0x0112, 3, 1, orientation)]))
    }

    /// The colour at the centre of each quadrant of `image`: top left, top
    /// right, bottom left, bottom right.
    private func quadrants(_ image: DecodedImage) -> [[Float]] {
        let rows = [image.height / 4, image.height * 3 / 4]
        let columns = [image.width / 4, image.width * 3 / 4]
        return rows.flatMap { row in
            columns.map { column in
                let start = (row * image.width + column) * 3
                return image.samples[start..<(start + 3)].map { $0.rounded() }
            }
        }
    }

    func testEveryOrientationComesOutUpright() throws {
        let jpeg = try quadrantJPEG()
        let (r, g, b, w) = (Self.red, Self.green, Self.blue, Self.white)
        // Worked out by hand from the EXIF definitions: 6 turns the stored
        // image clockwise, so its left column (red over blue) becomes the
        // top row read right to left (blue, red).
        let expected: [UInt32: [[Float]]] = [
            1: [r, g, b, w], 2: [g, r, w, b], 3: [w, b, g, r], 4: [b, w, r, g],
            5: [r, b, g, w], 6: [b, r, w, g], 7: [w, g, b, r], 8: [g, w, r, b],
        ]
        for orientation in UInt32(1)...8 {
            for bigEndian in [false, true] {
                let image = try ImageCodec.decode(
                    withOrientation(
                        jpeg, orientation, bigEndian: bigEndian))
                let turned = orientation >= 5
                XCTAssertEqual(
                    [image.height, image.width], turned ? [32, 16] : [16, 32],
                    "orientation \(orientation)")
                XCTAssertEqual(
                    quadrants(image), expected[orientation],
                    "orientation \(orientation), big-endian \(bigEndian)")
            }
        }
    }

    func testDamagedExifIsIgnored() throws {
        let jpeg = try quadrantJPEG()
        let upright = try ImageCodec.decode(jpeg)
        var good = tiff(bigEndian: true, entries: [(0x0112, 3, 1, 6)])
        let damaged: [[UInt8]] = [
            [],  // nothing after "Exif\0\0"
            Array("XX".utf8) + good[2...],  // unknown byte order
            Array(good[..<4]) + [0xFF, 0xFF, 0xFF, 0x00],  // IFD far away
            Array(good[..<8]) + [0xFF, 0xFF],  // 65535 entries, none there
            tiff(bigEndian: false, entries: [(0x0112, 3, 1, 9)]),  // no 9
            tiff(bigEndian: false, entries: [(0x0112, 3, 2, 6)]),  // count 2
            Array(good[..<14]),  // cut inside the entry
        ]
        for (index, payload) in damaged.enumerated() {
            let image = try ImageCodec.decode(withExif(jpeg, payload))
            XCTAssertEqual(image, upright, "damaged EXIF #\(index)")
        }
        good[0] = 0x4D  // still valid: proves the list above can fail
        XCTAssertNotEqual(try ImageCodec.decode(withExif(jpeg, good)), upright)
    }

    func testGreyRoundTripIsClose() throws {
        let samples: [Float] = (0..<(24 * 16)).map { index in
            index / 16 % 2 == 0 ? 0.25 : 0.75
        }
        let jpeg = try ImageCodec.encodeJPEG(
            samples, height: 16, width: 24, channels: 1, quality: 100)
        let image = try ImageCodec.decode(jpeg)
        XCTAssertEqual(image.shape, [16, 24, 1])
        XCTAssertEqual(image.bitDepth, 8)
        for (decoded, original) in zip(image.samples, samples) {
            XCTAssertEqual(decoded, original, accuracy: 3 / 255)
        }
    }

    func testAdobeCMYKIsConvertedToRGB() throws {
        // python3 -c "from PIL import Image; import io, base64;
        //   im = Image.new('CMYK', (16, 8)); [im.putpixel((x, y),
        //   (0, 255, 255, 0) if x < 8 else (255, 255, 0, 64))
        //   for y in range(8) for x in range(16)]; b = io.BytesIO();
        //   im.save(b, 'JPEG', quality=95);
        //   print(base64.b64encode(b.getvalue()).decode())"
        // Pillow 13 converts it to RGB (255, 0, 0) and (0, 0, 191).
        let jpeg = Array(Data(base64Encoded: adobeCMYKJPEG)!)
        let image = try ImageCodec.decode(jpeg)
        XCTAssertEqual(image.shape, [8, 16, 3])
        let left = Array(
            image.samples[(2 * 16 + 2) * 3..<((2 * 16 + 2) * 3 + 3)])
        let right = Array(
            image.samples[(2 * 16 + 12) * 3..<((2 * 16 + 12) * 3 + 3)])
        XCTAssertEqual(left.map { Int(($0 * 255).rounded()) }, [255, 0, 0])
        XCTAssertEqual(right.map { Int(($0 * 255).rounded()) }, [0, 0, 191])
    }

    func testTruncatedJPEGIsAnError() throws {
        // Noise compresses badly, so the scan data is most of the file.
        let samples: [Float] = (0..<(64 * 48 * 3)).map { index in
            Float(index * 7919 % 256) / 255
        }
        let jpeg = try ImageCodec.encodeJPEG(
            samples, height: 48, width: 64, channels: 3)
        for fraction in [0.5, 0.75, 0.9, 0.99] {
            let length = Int(Double(jpeg.count) * fraction)
            XCTAssertThrowsError(try ImageCodec.decode(Array(jpeg[..<length])))
            {
                XCTAssertEqual(
                    "\($0)",
                    "truncated JPEG: the data ends before the image does "
                        + "(\(length) bytes)")
            }
        }
        // Cut inside the headers, the error may come from libjpeg, but it
        // must be an error.
        for length in [3, 4, 10, 100, 300] {
            XCTAssertThrowsError(try ImageCodec.decode(Array(jpeg[..<length])))
        }
        XCTAssertNoThrow(try ImageCodec.decode(jpeg))
    }

    func testGarbageAfterTheSignatureIsAnError() {
        let noise: [UInt8] = (0..<500).map { UInt8($0 * 31 % 256) }
        let garbage: [UInt8] = [0xFF, 0xD8, 0xFF] + noise
        XCTAssertThrowsError(try ImageCodec.decode(garbage)) {
            XCTAssertTrue("\($0)".hasPrefix("corrupt JPEG:"), "\($0)")
        }
    }

    func testHugeDeclaredDimensionsAreRejectedBeforeAllocating() throws {
        var jpeg = try quadrantJPEG()
        // SOF0 (FF C0): length, precision, height, width.
        let sof = try XCTUnwrap(
            (0..<(jpeg.count - 1)).first {
                jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0
            })
        jpeg.replaceSubrange(
            (sof + 5)..<(sof + 9), with: [0xFD, 0xE8, 0xFD, 0xE8])
        XCTAssertThrowsError(try ImageCodec.decode(jpeg)) {
            XCTAssertEqual(
                "\($0)",
                "the JPEG is 65000 x 65000 pixels, more than the limit of "
                    + "268435456 pixels (load max-pixels=)")
        }
    }

    func testEncodeRejectsAlpha() {
        XCTAssertThrowsError(
            try ImageCodec.encodeJPEG(
                [0, 0, 0, 0], height: 1, width: 1, channels: 4))
    }

    func testSamplePhotosDecodeToTheirSizes() throws {
        // Sizes, means of every 101st pixel and one pixel from Pillow 13
        // (libjpeg-turbo):
        // python3 -c "from PIL import Image; import numpy as np;
        //   a = np.asarray(Image.open('01_list.jpg'));
        //   print(a.shape, (a.reshape(-1, 3)[::101] / 255).mean(axis=0),
        //   a[100, 200])"
        let photos: [(String, Int, Int, [Double], [Float])] = [
            (
                "01_list.jpg", 2270, 1631, [0.574376, 0.588595, 0.58369],
                [142, 146, 145]
            ),
            (
                "02_letters.jpg", 2743, 1712, [0.604775, 0.51924, 0.436561],
                [151, 129, 106]
            ),
            (
                "03_haiku.jpg", 3753, 880, [0.811145, 0.788797, 0.771604],
                [30, 29, 71]
            ),
            (
                "04_deep.jpg", 4032, 3024, [0.790028, 0.763217, 0.735963],
                [230, 213, 206]
            ),
        ]
        for (name, width, height, means, pixel) in photos {
            let path = try SharedTestData.path("images/" + name)
            let image = try ImageCodec.decode(contentsOf: path)
            XCTAssertEqual(image.shape, [height, width, 3], name)
            XCTAssertEqual(image.bitDepth, 8)

            let pixels = stride(from: 0, to: width * height, by: 101)
            var sums = [Double](repeating: 0, count: 3)
            for pixel in pixels {
                for channel in 0..<3 {
                    sums[channel] += Double(image.samples[pixel * 3 + channel])
                }
            }
            for channel in 0..<3 {
                XCTAssertEqual(
                    sums[channel] / Double((width * height + 100) / 101),
                    means[channel], accuracy: 1e-4, name)
            }
            let start = (100 * width + 200) * 3
            XCTAssertEqual(
                image.samples[start..<(start + 3)].map { ($0 * 255).rounded() },
                pixel, name)
        }
    }
}

/// A 16 x 8 CMYK JPEG written by Pillow; see testAdobeCMYKIsConvertedToRGB.
private let adobeCMYKJPEG = """
    /9j/7gAOQWRvYmUAZAAAAAAA/9sAQwACAQEBAQECAQEBAgICAgIEAwICAgIFBAQD\
    BAYFBgYGBQYGBgcJCAYHCQcGBggLCAkKCgoKCgYICwwLCgwJCgoK/8AAFAgACAAQ\
    BEMRAE0RAFkRAEsRAP/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//E\
    ALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEV\
    UtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVm\
    Z2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrC\
    w8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/aAA4EQwBNAFkA\
    SwAAPwD9/K/n/r+f+v38r+AOiv7/ACvz/r//2Q==
    """
