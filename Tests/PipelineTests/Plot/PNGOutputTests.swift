import CZlib
import XCTest
@testable import Pipeline

final class PNGOutputTests: XCTestCase {
    /// Reads back an 8-bit RGB PNG without filters, as `pngBytes` writes it:
    /// (width, height, pixels). Enough to check the stopgap encoder until
    /// the codecs' decoder is on main.
    func decode(_ png: [UInt8]) throws -> (Int, Int, [UInt8]) {
        XCTAssertEqual(Array(png[0..<8]), [137, 80, 78, 71, 13, 10, 26, 10])
        func u32(_ at: Int) -> Int {
            png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        var offset = 8
        var (width, height) = (0, 0)
        var compressed: [UInt8] = []
        while offset < png.count {
            let length = u32(offset)
            let type = String(decoding: png[(offset + 4)..<(offset + 8)],
                              as: UTF8.self)
            let body = Array(png[(offset + 8)..<(offset + 8 + length)])
            let crc = Array(png[(offset + 4)..<(offset + 8)] + body)
                .withUnsafeBufferPointer {
                    crc32(0, $0.baseAddress, uInt($0.count))
                }
            XCTAssertEqual(UInt32(u32(offset + 8 + length)), UInt32(crc),
                           "\(type) CRC")
            if type == "IHDR" {
                (width, height) = (u32(offset + 8), u32(offset + 12))
                XCTAssertEqual(Array(body[8..<13]), [8, 2, 0, 0, 0])
            }
            if type == "IDAT" { compressed += body }
            offset += 12 + length
        }
        var size = uLong(height * (1 + 3 * width))
        var raw = [UInt8](repeating: 0, count: Int(size))
        XCTAssertEqual(uncompress(&raw, &size, compressed,
                                  uLong(compressed.count)), Z_OK)
        var pixels: [UInt8] = []
        for y in 0..<height {
            let row = y * (1 + 3 * width)
            XCTAssertEqual(raw[row], 0, "filter None")
            pixels += raw[(row + 1)..<(row + 1 + 3 * width)]
        }
        return (width, height, pixels)
    }

    func testPNGRoundTripsPixels() throws {
        var image = RGBImage(width: 5, height: 3, fill: RGB(10, 20, 30))
        image[4, 2] = RGB(255, 0, 128)
        image[0, 1] = .white
        let (width, height, pixels) = try decode(try image.pngBytes())
        XCTAssertEqual(width, 5)
        XCTAssertEqual(height, 3)
        XCTAssertEqual(pixels, image.pixels)
    }

    func testWriteMakesTheFolderAndFailsInOneLine() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("nnpipe-png-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a/b.png").path
        try RGBImage(width: 2, height: 2).writePNG(to: path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))

        XCTAssertThrowsError(
            try RGBImage(width: 2, height: 2).writePNG(to: "\(path)/c.png")
        ) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("cannot write \(path)/c.png"),
                          message)
            XCTAssertFalse(message.contains("\n"))
        }
    }
}
