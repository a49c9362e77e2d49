/// A reader for MATLAB level 5 MAT-files (what `save -v7` and
/// `scipy.io.savemat` write), numeric matrices only.
///
/// Both byte orders are read, compressed (miCOMPRESSED) or not. Cells,
/// structs, chars, sparse and complex matrices, function handles and
/// objects are rejected with an error naming the variable. MATLAB 7.3
/// files are HDF5 and rejected with a message saying so.
public enum MATFile {
    /// The most bytes one compressed variable may inflate to, a bound on
    /// what a corrupt or hostile length can make the reader allocate: the
    /// stream's limit per tensor (8 GiB, or NNPIPE_MAX_TENSOR_BYTES).
    public static var defaultMaxBytes: Int { StreamFormat.maxPayloadBytes }

    /// The numeric variables of a MAT-file, in file order.
    ///
    /// - Parameters:
    ///   - names: when given, only variables with these names are decoded
    ///     and returned; the others are skipped unchecked, whatever their
    ///     class.
    ///   - maxBytes: the most bytes one compressed variable may inflate to.
    public static func read(
        _ bytes: [UInt8], only names: Set<String>? = nil,
        maxBytes: Int = defaultMaxBytes
    ) throws -> [MATVariable] {
        let bigEndian = try readHeader(bytes)
        var reader = ByteReader(
            bytes, range: 128..<bytes.count, bigEndian: bigEndian)
        var variables = [MATVariable]()
        var number = 0

        while reader.remaining > 0 {
            number += 1
            if reader.remaining < 8,
                bytes[reader.offset...].allSatisfy({ $0 == 0 })
            {
                break  // padding after the last element
            }
            let start = reader.offset
            let element = try reader.matElement(
                "the tag of variable #\(number)")
            let variable: MATVariable?
            switch MATDataType(rawValue: element.type) {
            case .matrix:
                var body = ByteReader(
                    bytes, range: element.data, bigEndian: bigEndian)
                variable = try readMatrix(&body, number: number, only: names)
            case .compressed:
                reader.offset = element.data.upperBound  // never padded
                var body = try inflate(
                    bytes, element.data, number: number, maxBytes: maxBytes,
                    bigEndian: bigEndian)
                variable = try readMatrix(&body, number: number, only: names)
            default:
                throw FormatError(
                    "expected variable #\(number) at byte \(start) to be a "
                        + "matrix or compressed element, found "
                        + MATDataType.describe(element.type))
            }
            if let variable { variables.append(variable) }
        }
        return variables
    }

    /// The numeric variables of the MAT-file at `path`; errors name it.
    public static func read(
        contentsOf path: String, only names: Set<String>? = nil,
        maxBytes: Int = defaultMaxBytes
    ) throws -> [MATVariable] {
        try readingFile(path) {
            try read($0, only: names, maxBytes: maxBytes)
        }
    }

    /// Checks the 128-byte header; returns whether the file is big-endian.
    private static func readHeader(_ bytes: [UInt8]) throws -> Bool {
        guard bytes.count >= 128 else {
            throw FormatError(
                "not a MAT-file: a MATLAB 5 MAT-file starts with a 128-byte "
                    + "header, but the data is \(bytes.count) bytes long")
        }
        // MATLAB writes the characters "MI" as one 16-bit integer, so a
        // little-endian file holds "IM".
        let bigEndian: Bool
        switch (bytes[126], bytes[127]) {
        case (UInt8(ascii: "I"), UInt8(ascii: "M")): bigEndian = false
        case (UInt8(ascii: "M"), UInt8(ascii: "I")): bigEndian = true
        default:
            let found = hexBytes(bytes[126..<128])
            throw FormatError(
                "not a MATLAB 5 MAT-file: expected 'IM' or 'MI' at byte 126,"
                    + " found \(found) (MATLAB 4 files are not supported)")
        }
        var reader = ByteReader(bytes, range: 124..<126, bigEndian: bigEndian)
        let version = try reader.read(UInt16.self, "the version")
        if version == 0x0200 {
            throw FormatError(
                "a MATLAB 7.3 MAT-file is an HDF5 file, which is not "
                    + "supported; save it with -v7 in MATLAB or with "
                    + "scipy.io.savemat")
        }
        guard version == 0x0100 else {
            throw FormatError(
                "unknown MAT-file version 0x\(String(version, radix: 16))"
                    + " at byte 124; expected 0x0100")
        }
        return bigEndian
    }

    /// Inflates a compressed element, which holds one matrix element, and
    /// returns a reader over that matrix's data.
    private static func inflate(
        _ bytes: [UInt8], _ data: Range<Int>, number: Int, maxBytes: Int,
        bigEndian: Bool
    ) throws -> ByteReader {
        do {
            let inflater = Inflater(bytes, range: data)
            var tag = ByteReader(
                try inflater.read(8, "its tag"), bigEndian: bigEndian)
            let type = try tag.read(UInt32.self, "its tag")
            let size = Int(try tag.read(UInt32.self, "its tag"))
            guard type == MATDataType.matrix.rawValue else {
                throw FormatError(
                    "it holds \(MATDataType.describe(type)), expected a "
                        + "matrix")
            }
            guard size <= maxBytes else {
                throw FormatError(
                    "it declares \(size) bytes, more than the limit of "
                        + "\(maxBytes) bytes per tensor (set "
                        + "\(StreamFormat.payloadLimitVariable) to raise it)")
            }
            let body = try inflater.read(size, "its matrix")
            try inflater.finish(allowing: 4096, "its matrix")
            return ByteReader(body, bigEndian: bigEndian)
        } catch let error as FormatError {
            throw FormatError(
                "compressed variable #\(number) at byte \(data.lowerBound - 8)"
                    + ": \(error.message)")
        }
    }
}
