import CCodecs

/// PNG and JPEG decoding to float samples, and encoding back.
///
/// Decoding never crashes or exits on bad data: libpng and libjpeg run
/// behind a C shim that catches their failures, and every failure is a
/// `FormatError` with a one-line message. A JPEG or PNG that ends early is
/// an error, not an image padded with grey.
public enum ImageCodec {
    /// The default limit on width x height: 2^28 pixels (16384 x 16384),
    /// 3 GiB of float samples for RGB. Checked before anything is
    /// allocated, so a header that lies costs nothing.
    public static let defaultMaxPixels = 1 << 28

    private static let pngSignature: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
    ]

    /// Decodes a PNG or JPEG (told apart by their first bytes) and turns it
    /// upright by its EXIF orientation.
    ///
    /// PNG: any colour type and bit depth; palettes become RGB, tRNS
    /// becomes an alpha channel, depths below 8 become 8, interlacing is
    /// undone. JPEG: grey and colour, baseline or progressive; CMYK and
    /// YCCK become RGB. Gamma and colour profiles are ignored.
    public static func decode(
        _ bytes: [UInt8], maxPixels: Int = defaultMaxPixels
    ) throws -> DecodedImage {
        precondition(maxPixels >= 0, "maxPixels \(maxPixels) < 0")
        if bytes.starts(with: pngSignature) {
            return try decode(
                bytes, as: "PNG", maxPixels: maxPixels,
                orientation: ExifOrientation.inPNG(bytes),
                with: ccodecs_png_decode)
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            return try decode(
                bytes, as: "JPEG", maxPixels: maxPixels,
                orientation: ExifOrientation.inJPEG(bytes),
                with: ccodecs_jpeg_decode)
        }
        guard !bytes.isEmpty else {
            throw FormatError("not a PNG or JPEG image: the data is empty")
        }
        throw FormatError(
            "not a PNG or JPEG image (starts with "
                + "\(hexBytes(bytes.prefix(8))))")
    }

    /// Decodes the PNG or JPEG file at `path`; errors name it.
    public static func decode(
        contentsOf path: String, maxPixels: Int = defaultMaxPixels
    ) throws -> DecodedImage {
        try readingFile(path) { try decode($0, maxPixels: maxPixels) }
    }

    private typealias Decoder = (
        UnsafePointer<UInt8>?, Int, UInt64,
        UnsafeMutablePointer<ccodecs_image>?,
        UnsafeMutablePointer<CChar>?, Int
    ) -> Int32

    private static func decode(
        _ bytes: [UInt8], as format: String, maxPixels: Int,
        orientation: ExifOrientation?, with decoder: Decoder
    ) throws -> DecodedImage {
        var image = ccodecs_image()
        let capacity = 256
        var message = [CChar](repeating: 0, count: capacity)
        let status = bytes.withUnsafeBufferPointer { buffer in
            decoder(
                buffer.baseAddress, buffer.count, UInt64(maxPixels), &image,
                &message, capacity)
        }
        defer { ccodecs_free(image.pixels) }

        let reason = text(of: message)
        switch Int(status) {
        case Int(CCODECS_OK.rawValue):
            break
        case Int(CCODECS_TRUNCATED.rawValue):
            throw FormatError(
                "truncated \(format): the data ends before the image does "
                    + "(\(bytes.count) bytes)")
        case Int(CCODECS_TOO_LARGE.rawValue):
            throw FormatError(
                "the \(format) is \(image.width) x \(image.height) pixels, "
                    + "more than the limit of \(maxPixels) pixels (load max-pixels=)")
        case Int(CCODECS_NO_MEMORY.rawValue):
            throw FormatError(
                "out of memory decoding a \(image.width) x \(image.height) "
                    + format)
        case Int(CCODECS_UNSUPPORTED.rawValue):
            throw FormatError("unsupported \(format): \(reason)")
        default:
            throw FormatError("corrupt \(format): \(reason)")
        }

        return upright(image, orientation ?? .upright)
    }

    /// The NUL-terminated text the shim wrote into `message`.
    static func text(of message: [CChar]) -> String {
        String(
            decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
            as: UTF8.self)
    }
}
