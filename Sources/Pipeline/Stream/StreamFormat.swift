/// The byte layout of a record, shared by the reader and the writer.
///
///     offset  size      field
///     0       4         magic "NNPT"
///     4       1         version, 1
///     5       1         dtype code (DType.rawValue)
///     6       1         rank, 0...8
///     7       1         reserved, 0
///     8       4         metadata length M, little-endian UInt32, <= 1 MiB
///     12      8 * rank  dimensions, little-endian UInt64
///     ...     M         metadata: UTF-8 lines `key=value\n`; `name` is
///                       required, `role` optional, other keys are
///                       attributes
///     ...     payload   product(dims) * dtype.size bytes, little-endian,
///                       C order
///
/// Records follow each other with nothing between them, so concatenated
/// streams are a stream. docs/stream-format.md is the user-facing page.
public enum StreamFormat {
    public static let magic: [UInt8] = Array("NNPT".utf8)
    public static let version: UInt8 = 1
    public static let fixedHeaderSize = 12
    public static let maxRank = 8
    public static let maxMetadataBytes = 1 << 20

    /// The largest payload a reader accepts, so that a garbled or hostile
    /// header cannot make it allocate without bound. NNPIPE_MAX_TENSOR_BYTES
    /// raises or lowers it.
    public static var maxPayloadBytes: Int = {
        let key = "NNPIPE_MAX_TENSOR_BYTES"
        if let text = getenvString(key), let value = Int(text), value > 0 {
            return value
        }
        return 8 << 30
    }()

    /// Encodes a record's header (everything before the payload).
    public static func header(for record: Record) -> [UInt8] {
        precondition(
            record.rank <= maxRank,
            "[stream] '\(record.name)' has rank \(record.rank); "
                + "the format allows at most \(maxRank)")
        var bytes = magic
        bytes += [version, record.dtype.rawValue, UInt8(record.rank), 0]
        let metadata = Array(metadataText(for: record).utf8)
        precondition(
            metadata.count <= maxMetadataBytes,
            "[stream] '\(record.name)': metadata of \(metadata.count) bytes "
                + "exceeds \(maxMetadataBytes)")
        appendLittleEndian(UInt32(metadata.count), to: &bytes)
        for dim in record.shape {
            appendLittleEndian(UInt64(dim), to: &bytes)
        }
        bytes += metadata
        return bytes
    }

    static func metadataText(for record: Record) -> String {
        var lines = ["name=\(record.name)"]
        if let role = record.role { lines.append("role=\(role)") }
        for key in record.attributes.keys.sorted() {
            lines.append("\(key)=\(record.attributes[key]!)")
        }
        for line in lines {
            precondition(
                !line.contains("\n"),
                "[stream] '\(record.name)': metadata line '\(line)' "
                    + "holds a newline")
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Parses metadata text into name, role and attributes.
    static func parseMetadata(
        _ bytes: [UInt8]
    ) throws -> (name: String, role: String?, attributes: [String: String]) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw StreamError("record metadata is not valid UTF-8")
        }
        var name: String?
        var role: String?
        var attributes: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let equals = line.firstIndex(of: "=") else {
                throw StreamError(
                    "record metadata line '\(line.prefix(60))' has no '='")
            }
            let key = String(line[..<equals])
            let value = String(line[line.index(after: equals)...])
            switch key {
            case "name": name = value
            case "role": role = value
            default: attributes[key] = value
            }
        }
        guard let name, !name.isEmpty else {
            throw StreamError("record metadata has no name")
        }
        return (name, role, attributes)
    }

    static func appendLittleEndian<T: FixedWidthInteger>(
        _ value: T, to bytes: inout [UInt8]
    ) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes += $0 }
    }

    static func readLittleEndian<T: FixedWidthInteger>(
        _: T.Type, from bytes: [UInt8], at offset: Int
    ) -> T {
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { raw in
            for i in 0..<MemoryLayout<T>.size {
                raw[i] = bytes[offset + i]
            }
        }
        return T(littleEndian: value)
    }
}

/// A stream that cannot be read: truncated, garbled or oversized.
public struct StreamError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
