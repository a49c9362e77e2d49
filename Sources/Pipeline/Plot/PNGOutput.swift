import CZlib
import Foundation

extension RGBImage {
    /// The image as PNG file bytes (8-bit RGB, no interlace).
    ///
    /// Stopgap until `ImageCodec.encodePNG` (branch codecs) is on main:
    /// then this body becomes a call to it and the code below goes.
    public func pngBytes() throws -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity(height * (1 + 3 * width))
        for y in 0..<height {
            raw.append(0)  // filter type None
            raw += pixels[(3 * y * width)..<(3 * (y + 1) * width)]
        }
        var compressedSize = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedSize))
        let status = compress2(&compressed, &compressedSize, raw,
                               uLong(raw.count), 6)
        guard status == Z_OK else {
            throw StageError.runtime("zlib compress failed (status \(status))")
        }
        compressed.removeSubrange(Int(compressedSize)...)

        var header: [UInt8] = []
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // depth 8, RGB, deflate, filter 0, no interlace
        var png: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]
        png += chunk("IHDR", header)
        png += chunk("IDAT", compressed)
        png += chunk("IEND", [])
        return png
    }

    /// Writes the image as a PNG file, creating its folder if needed.
    public func writePNG(to path: String) throws {
        try FigureFile.write(Data(try pngBytes()), to: path)
    }

    private func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        let crc = typed.withUnsafeBufferPointer {
            crc32(0, $0.baseAddress, uInt($0.count))
        }
        return bigEndian(UInt32(body.count)) + typed + bigEndian(UInt32(crc))
    }

    private func bigEndian(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }
}
