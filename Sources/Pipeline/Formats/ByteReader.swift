/// A bounds-checked cursor over part of a byte array, reading fixed-width
/// integers in the byte order of the file.
///
/// Every read checks that the bytes exist and throws a `FormatError`
/// naming what was being read when they do not, so a reader never trusts
/// a length or offset from the file.
struct ByteReader {
    let bytes: [UInt8]
    /// Reads stop here, so a reader over one element cannot run into the
    /// next.
    let end: Int
    var offset: Int
    var bigEndian: Bool

    init(_ bytes: [UInt8], range: Range<Int>? = nil, bigEndian: Bool = false) {
        let range = range ?? 0..<bytes.count
        precondition(range.upperBound <= bytes.count, "range past the bytes")
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
        self.bigEndian = bigEndian
    }

    var remaining: Int { end - offset }

    /// Throws unless `count` more bytes exist.
    func require(
        _ count: Int, for what: @autoclosure () -> String
    ) throws(FormatError) {
        guard count >= 0, count <= remaining else {
            throw FormatError(
                "\(what()) needs \(count) bytes at byte \(offset), but the "
                    + "data ends at byte \(end)")
        }
    }

    mutating func read<Integer: FixedWidthInteger>(
        _ type: Integer.Type, _ what: @autoclosure () -> String
    ) throws(FormatError) -> Integer {
        let size = MemoryLayout<Integer>.size
        try require(size, for: what())
        let raw = bytes.withUnsafeBytes {
            $0.loadUnaligned(fromByteOffset: offset, as: Integer.self)
        }
        offset += size
        return bigEndian ? Integer(bigEndian: raw) : Integer(littleEndian: raw)
    }

    /// The next `count` bytes as a range of `bytes`, skipping over them.
    mutating func range(
        _ count: Int, _ what: @autoclosure () -> String
    ) throws(FormatError) -> Range<Int> {
        try require(count, for: what())
        defer { offset += count }
        return offset..<(offset + count)
    }

    /// A copy of the next `count` bytes.
    mutating func take(
        _ count: Int, _ what: @autoclosure () -> String
    ) throws(FormatError) -> [UInt8] {
        Array(bytes[try range(count, what())])
    }

    /// `count` elements of `type` from the next bytes.
    mutating func values(
        _ type: NumericType, count: Int, _ what: @autoclosure () -> String
    ) throws(FormatError) -> NumericValues {
        let (size, overflow) = count.multipliedReportingOverflow(
            by: type.byteWidth)
        guard !overflow else {
            throw FormatError("\(what()) declares too many values: \(count)")
        }
        let range = try range(size, what())
        return NumericValues.load(
            type, from: bytes, range: range, bigEndian: bigEndian)
    }
}

extension NumericValues {
    /// Decodes the elements in `bytes[range]`, whose length must be a
    /// multiple of the element width.
    static func load(
        _ type: NumericType, from bytes: [UInt8], range: Range<Int>,
        bigEndian: Bool
    ) -> NumericValues {
        precondition(range.count % type.byteWidth == 0)
        func load<Element: StoredNumber>(_: Element.Type) -> NumericValues {
            bytes.withUnsafeBytes { raw in
                Element.wrap(Element.load(
                    UnsafeRawBufferPointer(rebasing: raw[range]),
                    count: range.count / type.byteWidth,
                    bigEndian: bigEndian))
            }
        }
        return load(type.storedType)
    }

    /// The values as little-endian bytes, as NPY files hold them.
    func littleEndianBytes() -> [UInt8] { visit(LittleEndianVisitor()) }
}

private struct LittleEndianVisitor: NumericVisitor {
    func visit<Element: StoredNumber>(_ values: [Element]) -> [UInt8] {
        Element.littleEndianBytes(values)
    }
}
