/// A MAT-file data element: its type code and where its data lies.
struct MATElement {
    var type: UInt32
    var data: Range<Int>
}

extension ByteReader {
    /// Reads a data element's tag and moves past its data and padding.
    ///
    /// A tag whose upper 16 bits are set is the small data element format:
    /// up to 4 bytes of data packed into the tag's second word. Other
    /// elements are padded to a multiple of 8 bytes; padding missing at the
    /// very end of a matrix is tolerated.
    mutating func matElement(
        _ what: @autoclosure () -> String
    ) throws(FormatError) -> MATElement {
        let first = try read(UInt32.self, what())
        if first >> 16 != 0 {
            let size = Int(first >> 16)
            guard size <= 4 else {
                throw FormatError(
                    "\(what()) is a small data element of \(size) bytes, "
                        + "but at most 4 fit")
            }
            let data = try range(4, what())
            return MATElement(
                type: first & 0xFFFF,
                data: data.lowerBound..<(data.lowerBound + size))
        }
        let size = Int(try read(UInt32.self, what()))
        let data = try range(size, what())
        offset = min(offset + (8 - size % 8) % 8, end)
        return MATElement(type: first, data: data)
    }

    /// The 32-bit integers of `element`, which must be of type miINT32 or
    /// miUINT32.
    func matIntegers(
        _ element: MATElement, _ what: @autoclosure () -> String
    ) throws(FormatError) -> [Int] {
        let signed = element.type == MATDataType.int32.rawValue
        guard signed || element.type == MATDataType.uint32.rawValue,
            element.data.count % 4 == 0
        else {
            throw FormatError(
                "\(what()) should be 32-bit integers, but is "
                    + "\(MATDataType.describe(element.type)) of "
                    + "\(element.data.count) bytes")
        }
        var reader = ByteReader(bytes, range: element.data, bigEndian: bigEndian)
        var integers = [Int]()
        while reader.remaining > 0 {
            let word = try reader.read(UInt32.self, what())
            integers.append(signed ? Int(Int32(bitPattern: word)) : Int(word))
        }
        return integers
    }
}
