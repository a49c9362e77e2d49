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
    /// raises or lowers it; the command line refuses a value that is not a
    /// positive integer (see `payloadLimit(environmentValue:)`).
    public static var maxPayloadBytes: Int = {
        (try? payloadLimit(
            environmentValue: getenvString(payloadLimitVariable)))
            ?? defaultMaxPayloadBytes
    }()

    public static let payloadLimitVariable = "NNPIPE_MAX_TENSOR_BYTES"
    public static let defaultMaxPayloadBytes = 8 << 30

    /// The payload limit that a value of NNPIPE_MAX_TENSOR_BYTES sets: a
    /// positive number of bytes; nil (unset) gives the default of 8 GiB.
    public static func payloadLimit(environmentValue text: String?) throws -> Int {
        guard let text else { return defaultMaxPayloadBytes }
        guard let value = Int(text), value > 0 else {
            throw StreamError(
                "\(payloadLimitVariable)=\(text) is not a positive number "
                    + "of bytes")
        }
        return value
    }

    /// Encodes a record's header (everything before the payload).
    ///
    /// Metadata that a stage may have taken from user data (a name, a role
    /// or an attribute value holding a newline, an empty name, more than
    /// 1 MiB in all) is a thrown error; a rank over 8 or an attribute key
    /// outside `[A-Za-z0-9_.-]+` (or `name`/`role`) is a programming error.
    public static func header(for record: Record) throws -> [UInt8] {
        precondition(
            record.rank <= maxRank,
            "[stream] '\(record.name)' has rank \(record.rank); "
                + "the format allows at most \(maxRank)")
        var bytes = magic
        bytes += [version, record.dtype.rawValue, UInt8(record.rank), 0]
        let metadata = Array(try metadataText(for: record).utf8)
        guard metadata.count <= maxMetadataBytes else {
            throw StreamError(
                "record '\(record.name.prefix(60))': metadata of "
                    + "\(metadata.count) bytes exceeds the limit of "
                    + "\(maxMetadataBytes)")
        }
        appendLittleEndian(UInt32(metadata.count), to: &bytes)
        for dim in record.shape {
            appendLittleEndian(UInt64(dim), to: &bytes)
        }
        bytes += metadata
        return bytes
    }

    /// Whether `key` may name an attribute: `[A-Za-z0-9_.-]+`, and not one
    /// of the keys the format reserves (`name`, `role`).
    public static func isAttributeKey(_ key: String) -> Bool {
        !key.isEmpty && key != "name" && key != "role"
            && key.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "-")
            }
    }

    static func metadataText(for record: Record) throws -> String {
        guard !record.name.isEmpty else {
            throw StreamError("a record must have a non-empty name")
        }
        var lines = [("name", record.name)]
        if let role = record.role { lines.append(("role", role)) }
        for key in record.attributes.keys.sorted() {
            precondition(
                isAttributeKey(key),
                "[stream] '\(record.name)': attribute key '\(key)' is not "
                    + "[A-Za-z0-9_.-]+ or is reserved")
            lines.append((key, record.attributes[key]!))
        }
        for (key, value) in lines
        where value.utf8.contains(UInt8(ascii: "\n")) {
            throw StreamError(
                "record '\(singleLine(String(record.name.prefix(60))))': "
                    + "\(key) '\(singleLine(String(value.prefix(60))))' "
                    + "holds a newline, which the stream format cannot carry")
        }
        return lines.map { "\($0.0)=\($0.1)\n" }.joined()
    }

    /// Parses metadata into name, role and attributes. Lines end at byte
    /// 0x0A (a `\r` before it belongs to the value); empty lines are
    /// ignored; a key seen twice keeps its last value.
    static func parseMetadata(
        _ bytes: [UInt8]
    ) throws -> (name: String, role: String?, attributes: [String: String]) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw StreamError("record metadata is not valid UTF-8")
        }
        var name: String?
        var role: String?
        var attributes: [String: String] = [:]
        for line in bytes.split(
            separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        {
            // Both halves are valid UTF-8: the split is at ASCII bytes.
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else {
                let shown = String(decoding: line.prefix(60), as: UTF8.self)
                throw StreamError(
                    "record metadata line '\(singleLine(shown))' has no '='")
            }
            let key = String(decoding: line[..<equals], as: UTF8.self)
            let value = String(
                decoding: line[(equals + 1)...], as: UTF8.self)
            switch key {
            case "name": name = value
            case "role": role = value
            case _ where isAttributeKey(key): attributes[key] = value
            default:
                let shown = singleLine(String(key.prefix(60)))
                throw StreamError(
                    "record metadata key '\(shown)' is not [A-Za-z0-9_.-]+")
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
