/// The file formats the readers here know, told apart by their first
/// bytes rather than by file names (IDX files often have no extension).
public enum DataFileFormat: String, Sendable {
    case png, jpeg, mat, npy, idx

    /// The format `bytes` start like, or nil. A gzip file is taken for
    /// IDX, the only compressed format read here.
    public static func detect(_ bytes: [UInt8]) -> DataFileFormat? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x93] + Array("NUMPY".utf8)) { return .npy }
        if bytes.starts(with: [0x1F, 0x8B]) { return .idx }
        if bytes.count >= 128 {
            let mark = (bytes[126], bytes[127])
            if mark == (0x49, 0x4D) || mark == (0x4D, 0x49) { return .mat }
        }
        // IDX: 00 00, a type code, a rank of at least one.
        if bytes.count >= 4, bytes[0] == 0, bytes[1] == 0,
            [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E].contains(bytes[2]),
            bytes[3] > 0
        {
            return .idx
        }
        return nil
    }

    /// The format of `bytes`, or an error saying it is none of them.
    public static func identify(_ bytes: [UInt8]) throws -> DataFileFormat {
        guard let format = detect(bytes) else {
            throw FormatError(
                "not a PNG, JPEG, MAT, NPY or IDX file ("
                    + (bytes.isEmpty
                        ? "the file is empty"
                        : "starts with \(hexBytes(bytes.prefix(8)))")
                    + ")")
        }
        return format
    }
}
