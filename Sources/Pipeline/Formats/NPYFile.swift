/// A reader and writer for NumPy's NPY format (`numpy.save`).
///
/// Reads versions 1, 2 and 3 with the element types of `NumericType` (and
/// bool as uint8) in either byte order; Fortran-order arrays are reordered
/// to row-major. Writes version 1 (version 2 when the header passes 64 KiB),
/// little-endian, C order, the data aligned to 64 bytes as numpy does.
public enum NPYFile {
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    public static func read(_ bytes: [UInt8]) throws -> NumericArray {
        var reader = ByteReader(bytes)
        let start = try reader.take(8, "the NPY magic and version")
        guard start.starts(with: magic) else {
            throw FormatError(
                "not an NPY file: expected it to start with 93 4e 55 4d 50 "
                    + "59 (\\x93NUMPY), found \(hexBytes(start[0..<6]))")
        }
        let headerLength: Int
        switch start[6] {
        case 1: headerLength = Int(try reader.read(UInt16.self, "the header length"))
        case 2, 3: headerLength = Int(try reader.read(UInt32.self, "the header length"))
        default:
            throw FormatError(
                "unknown NPY version \(start[6]).\(start[7]); expected 1, 2 or 3")
        }
        let header = try NPYHeader(
            parsing: reader.take(headerLength, "the NPY header"))

        guard let count = NumericArray.count(of: header.shape) else {
            throw FormatError("the NPY shape \(header.shape) is too large")
        }
        let (size, overflow) = count.multipliedReportingOverflow(
            by: header.type.byteWidth)
        guard !overflow, reader.remaining == size else {
            throw FormatError(
                "the NPY data is \(reader.remaining) bytes, but shape "
                    + "\(header.shape) of '\(header.descr)' needs "
                    + (overflow ? "more than Int.max" : "\(size)"))
        }
        reader.bigEndian = header.bigEndian
        var values = try reader.values(header.type, count: count, "the data")
        if header.fortranOrder {
            values = values.rowMajor(fromColumnMajor: header.shape)
        }
        return NumericArray(shape: header.shape, values: values)
    }

    public static func read(contentsOf path: String) throws -> NumericArray {
        try whileReading(path) { try read(FileBytes.load(path)) }
    }

    /// The bytes of an NPY file holding `array`.
    public static func encode(_ array: NumericArray) -> [UInt8] {
        let text = Array(
            NPYHeader(type: array.values.type, shape: array.shape).text.utf8)
        // Magic, version and length take 10 bytes in version 1 and 12 in
        // version 2; pad with spaces and a newline to a multiple of 64.
        let version2 = text.count + 11 > 65535
        let prefix = version2 ? 12 : 10
        let padded = (prefix + text.count + 1 + 63) / 64 * 64 - prefix

        var bytes = magic + [version2 ? 2 : 1, 0]
        let length = UInt32(padded)
        bytes += version2
            ? withUnsafeBytes(of: length.littleEndian, Array.init)
            : withUnsafeBytes(of: UInt16(length).littleEndian, Array.init)
        bytes += text
        bytes += [UInt8](repeating: 32, count: padded - text.count - 1)
        bytes.append(10)
        bytes += array.values.littleEndianBytes()
        return bytes
    }

    public static func write(_ array: NumericArray, to path: String) throws {
        try FileBytes.store(encode(array), to: path)
    }
}
