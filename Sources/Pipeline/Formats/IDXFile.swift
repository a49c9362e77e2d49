/// A reader for IDX files, the format of MNIST and EMNIST, plain or
/// gzip-compressed.
///
/// Layout: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0b int16,
/// 0x0c int32, 0x0d float32, 0x0e float64), the number of dimensions, then
/// each dimension as a big-endian uint32, then the values big-endian in
/// row-major order. The data must be exactly as long as the dimensions
/// say. A file starting with the gzip magic 1f 8b is inflated on the fly,
/// its dimensions checked before the values are allocated.
public enum IDXFile {
    /// The most bytes of values a file may declare: the stream's limit
    /// per tensor (8 GiB, or NNPIPE_MAX_TENSOR_BYTES), since the values
    /// become one tensor of the stream.
    public static var defaultMaxBytes: Int { StreamFormat.maxPayloadBytes }

    public static func read(
        _ bytes: [UInt8], maxBytes: Int = defaultMaxBytes
    ) throws -> NumericArray {
        if bytes.starts(with: [0x1f, 0x8b]) {
            let inflater = Inflater(bytes, gzip: true)
            let array = try read(maxBytes: maxBytes) { count, what in
                try inflater.read(count, what)
            }
            try inflater.finish(allowing: 0, "the values")
            return array
        }

        var reader = ByteReader(bytes, bigEndian: true)
        let array = try read(maxBytes: maxBytes) { count, what in
            try reader.take(count, what)
        }
        guard reader.remaining == 0 else {
            throw FormatError(
                "the IDX file goes on for \(reader.remaining) bytes after "
                    + "the \(array.values.count) values its dimensions "
                    + "\(array.shape) declare")
        }
        return array
    }

    public static func read(
        contentsOf path: String, maxBytes: Int = defaultMaxBytes
    ) throws -> NumericArray {
        try readingFile(path) { try read($0, maxBytes: maxBytes) }
    }

    /// Reads header and values from `next`, which returns the next bytes.
    private static func read(
        maxBytes: Int, _ next: (Int, String) throws -> [UInt8]
    ) throws -> NumericArray {
        let magic = try next(4, "the IDX header")
        guard magic[0] == 0, magic[1] == 0 else {
            throw FormatError(
                "not an IDX file: expected it to start with 00 00, found "
                    + hexBytes(magic[0..<4]))
        }
        let types: [UInt8: NumericType] = [
            0x08: .uint8, 0x09: .int8, 0x0b: .int16, 0x0c: .int32,
            0x0d: .float32, 0x0e: .float64,
        ]
        guard let type = types[magic[2]] else {
            throw FormatError(
                "unknown IDX element type 0x\(String(magic[2], radix: 16))"
                    + "; expected 08, 09, 0b, 0c, 0d or 0e")
        }

        let rank = Int(magic[3])
        var header = ByteReader(
            try next(4 * rank, "the IDX dimensions"), bigEndian: true)
        var shape = [Int]()
        for _ in 0..<rank {
            shape.append(Int(try header.read(UInt32.self, "a dimension")))
        }
        guard let count = NumericArray.count(of: shape),
            count <= maxBytes / type.byteWidth
        else {
            throw FormatError(
                "the IDX dimensions \(shape) of \(type.rawValue) exceed the"
                    + " limit of \(maxBytes) bytes per tensor (set "
                    + "\(StreamFormat.payloadLimitVariable) to raise it)")
        }

        let data = try next(count * type.byteWidth, "the IDX data")
        let values = NumericValues.load(
            type, from: data, range: 0..<data.count, bigEndian: true)
        return NumericArray(shape: shape, values: values)
    }
}
