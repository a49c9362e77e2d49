/// Reads images and arrays from files into the stream.
public struct Load: Stage {
    public static let name = "load"
    public static let summary =
        "read PNG/JPEG images and .mat, .npy, IDX arrays into the stream"
    public static let help = """
        The format is told from the file's first bytes, not its name. A \
        PNG or JPEG becomes one float32 [H, W, C] record with role image, \
        samples in 0...1 (value / 255, or / 65535 for 16-bit PNGs), C = 1 \
        grey, 2 grey + alpha, 3 RGB, 4 RGBA; a JPEG's EXIF orientation is \
        applied so the image stands upright. A MATLAB .mat file (level 5, \
        numeric matrices) becomes one record per variable, named after it, \
        in row-major order with MATLAB's shape [rows, cols, ...]. An .npy \
        file or an IDX file (MNIST; gzip-compressed or not) becomes one \
        record. Arrays keep their element type where the stream has it; \
        int8 and int16 widen to int32, uint32 to int64. Records are named \
        after the file without its extension unless name= says otherwise, \
        carry the attribute source=<path>, and follow the records of the \
        input stream, if any.
        """
    public static let parameters: [Parameter] = [
        Parameter(
            "path", .path, default: nil, positional: true,
            help: "the file to read; further bare words read more files"),
        Parameter(
            "name", .string, default: "",
            help: "the record's name, for a single image, .npy or IDX file "
                + "(default: the file name without its extension)"),
        Parameter(
            "variables", .string, default: "",
            help: "comma-separated variables to read from .mat files "
                + "(default: all; others are skipped unchecked)"),
        Parameter(
            "max-pixels", .int, default: "268435456",
            range: 1...1_099_511_627_776,
            help: "the largest image to decode, width x height; checked "
                + "before any pixel is allocated"),
    ]
    public static let isSource = true

    let paths: [String]
    let name: String?
    let variables: Set<String>?
    let maxPixels: Int

    public init(_ arguments: Arguments) throws {
        paths = arguments.strings("path")
        let name = arguments.string("name")
        self.name = name.isEmpty ? nil : name
        let variables = arguments.string("variables")
        self.variables =
            variables.isEmpty
            ? nil
            : Set(variables.split(separator: ",").map(String.init))
        maxPixels = arguments.int("max-pixels")
        if self.name != nil && paths.count > 1 {
            throw StageError.usage(
                "name= names one record, but \(paths.count) files were "
                    + "given; leave name= out to name each after its file")
        }
    }

    public func run(_ records: [Record], context: StageContext) throws
        -> [Record]
    {
        var output = records
        for path in paths {
            output += try load(path)
        }
        return output
    }

    /// The records of one file.
    func load(_ path: String) throws -> [Record] {
        let bytes = try FileBytes.load(path)
        let source = ["source": singleLine(path)]
        let recordName = name ?? Load.stem(of: path)
        do {
            switch try DataFileFormat.identify(bytes) {
            case .png, .jpeg:
                let image = try ImageCodec.decode(bytes, maxPixels: maxPixels)
                return [
                    Record(
                        name: recordName, role: "image", attributes: source,
                        shape: image.shape, data: .float32(image.samples))
                ]
            case .mat:
                try rejectName(for: "a .mat file")
                return try MATFile.read(bytes, only: variables).map {
                    Record(
                        name: $0.name, attributes: source, shape: $0.shape,
                        data: try TensorData($0.values))
                }
            case .npy:
                return [try record(NPYFile.read(bytes), recordName, source)]
            case .idx:
                return [try record(IDXFile.read(bytes), recordName, source)]
            }
        } catch let error as FormatError {
            throw error.reading(path)
        }
    }

    private func record(
        _ array: NumericArray, _ name: String, _ attributes: [String: String]
    ) throws -> Record {
        Record(
            name: name, attributes: attributes, shape: array.shape,
            data: try TensorData(array.values))
    }

    private func rejectName(for kind: String) throws {
        guard name == nil else {
            throw StageError.usage(
                "name= does not apply to \(kind): its records take their "
                    + "variable names (choose them with variables=)")
        }
    }

    /// The file name without directories and extension; `.gz` and the
    /// extension before it both go (`t10k-images.idx3.gz` → `t10k-images`).
    static func stem(of path: String) -> String {
        var name = Substring(path.split(separator: "/").last ?? "")
        for _ in 0..<2 {
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex
            else { break }
            let ext = name[name.index(after: dot)...]
            name = name[..<dot]
            if ext != "gz" { break }
        }
        return name.isEmpty ? "data" : String(name)
    }
}
